import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {progressFlags} from '../../lib/command/flags.js'

export default class SeedExport extends AcCommand {
  static override summary = 'Write a fixture of live records that `ac seed apply` recreates on another account'
  static override description = `Ids become local names made from each record's natural key (a tag's name, a contact's email), and a field that points at another record names it; a record pointed at but not asked for is exported too, so the file stands alone. Only the fields a create takes are written. Contacts carry their tags, lists and custom field values inline.
By default the account's structure is exported (tags, lists, fields, pipelines, stages, accounts); add contacts, deals, notes or accountContacts with --resources, or take the contacts with one tag (and their deals and notes) with --tag. For every contact of a large account, use \`ac contacts export\` instead.`

  static override examples = [
    'ac seed export > structure.yml',
    'ac seed export --resources tags,lists,contacts,deals --tag e2e --output-file fixtures/e2e.yml',
    'ac seed export --profile prod --output-file prod.yml && ac seed apply prod.yml --profile staging',
  ]

  static override flags = {
    resources: Flags.string({description: 'Resources to export, comma-separated (API or ac names)', default: 'tags,lists,fields,pipelines,stages,accounts'}),
    tag: Flags.string({description: 'Only contacts with this tag (id or name), and the deals and notes on them'}),
    'output-file': Flags.string({description: 'Write the fixture to FILE (whole or not at all) instead of stdout'}),
    // No oclif default: a default `yaml` would make `--json` look like `--json -o yaml`, two formats.
    output: Flags.string({char: 'o', description: 'Fixture format (yaml when not given)', options: ['yaml', 'json']}),
    json: Flags.boolean({description: 'Same as --output json'}),
    ...progressFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SeedExport)
    const {exportJob} = await import('../../lib/seed/jobs.js')
    await exportJob(this.jobContext(flags.quiet), {resources: flags.resources, tag: flags.tag, outputFile: flags['output-file']})
  }
}
