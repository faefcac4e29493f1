import {Args, Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {mutationFlags, outputFlags, progressFlags} from '../../lib/command/flags.js'
import {seedFlags} from '../../lib/seed/flags.js'

export default class SeedApply extends AcCommand {
  static override summary = 'Create the records of a fixture file, reusing those that already exist'
  static override description = `A fixture (YAML or JSON) holds records keyed by resource (tags, lists, fields, accounts, contacts, pipelines, stages, deals, notes, contactTags, contactLists, accountContacts, schemas, records), each a map of local names to records written with the API's field names. Records refer to each other with \${tags.vip.id}, to the environment with \${env.NAME} and to the run with \${run.id}; a contact may list its tags and lists by local name.
Each record is found by its natural key first (a contact's email, a tag's name and type, a list's name, a stage's title in its pipeline, ...): an existing one is reused (updated with --update), so a second apply creates nothing. What was created goes to a state file that \`ac seed clean\` reads. The file is checked against the fixture schema (\`ac seed schema\`) before anything is sent.`

  static override examples = [
    'ac seed apply fixtures/e2e.yml --run-id 42',
    'ac seed apply fixtures/e2e.yml --run-id 42 --dry-run',
    'ac seed apply fixtures/e2e.yml --run-id "$GITHUB_RUN_ID" --json',
  ]

  static override args = {file: Args.string({description: 'Fixture file (.yml, .yaml or .json)', required: true})}
  static override flags = {
    ...seedFlags,
    update: Flags.boolean({description: 'Update records that already exist with the fixture’s fields (default: reuse them as they are)'}),
    ...mutationFlags,
    ...outputFlags,
    ...progressFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SeedApply)
    const {applyJob} = await import('../../lib/seed/jobs.js')
    await applyJob(this.jobContext(flags.quiet), args.file, {state: flags.state, runId: flags['run-id'], update: flags.update})
  }
}
