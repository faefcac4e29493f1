import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {outputFlags, progressFlags} from '../../lib/command/flags.js'

export default class ContactsExport extends AcCommand {
  static override summary = 'Stream every contact as CSV (default), NDJSON or JSON, ready to import again'
  static override description = `Pages through all contacts (100 a request, by id), each page carrying what it needs through include= (field values, tags, lists): memory stays flat at any size.
Columns: id, email, firstName, lastName, phone, orgname, then with --with-fields one column per custom field (by title), and tags and lists (names; "|"-joined in CSV, arrays in JSON). The output imports as it is with \`ac contacts import\`.
API: GET /contacts (include=fieldValues,contactTags,contactLists; tagid, listid), GET /fields, /tags, /lists.`

  static override examples = [
    'ac contacts export --tag VIP -o ndjson',
    'ac contacts export --with-fields --with-tags --with-lists --output-file contacts.csv',
    'ac contacts export --list Newsletter --columns email,firstName',
  ]

  static override flags = {
    ...outputFlags,
    ...progressFlags,
    'with-fields': Flags.boolean({description: 'One column per custom field, named by its title'}),
    'with-tags': Flags.boolean({description: 'A tags column: tag names'}),
    'with-lists': Flags.boolean({description: 'A lists column: names of the lists the contact is subscribed to'}),
    tag: Flags.string({description: 'Only contacts with this tag (id or name)'}),
    list: Flags.string({description: 'Only contacts on this list (id or name)'}),
    'output-file': Flags.string({description: 'Write to this file (whole or not at all) instead of stdout'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ContactsExport)
    const {runExport} = await import('../../lib/import/export.js')
    const options = this.outputOptions()
    const count = await runExport(await this.client(), {
      format: flags.output || flags.json ? options.format : 'csv',
      columns: options.columns,
      withFields: flags['with-fields'],
      withTags: flags['with-tags'],
      withLists: flags['with-lists'],
      tag: flags.tag,
      list: flags.list,
      outputFile: flags['output-file'],
      quiet: flags.quiet,
    })
    this.tell(`Exported ${count} contact${count === 1 ? '' : 's'}${flags['output-file'] ? ` to ${flags['output-file']}` : ''}`)
  }
}
