import {Args} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {confirmFlags, mutationFlags, outputFlags, progressFlags} from '../../lib/command/flags.js'
import {seedFlags} from '../../lib/seed/flags.js'

export default class SeedClean extends AcCommand {
  static override summary = 'Delete what `ac seed apply` created, never what it only reused'
  static override description = `Reads the state file apply wrote (beside the fixture, or --state) and removes its records in reverse order: links first, then the records they link. A record already gone counts as deleted. A subscription (which has no DELETE) is set to unsubscribed. Asks first on a terminal; elsewhere it needs --yes.`

  static override examples = ['ac seed clean fixtures/e2e.yml --yes', 'ac seed clean --state fixtures/e2e.state.json --dry-run']
  static override args = {file: Args.string({description: 'The fixture file apply was given (its state file sits beside it)'})}
  static override flags = {...seedFlags, ...confirmFlags, ...mutationFlags, ...outputFlags, ...progressFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SeedClean)
    const {cleanJob} = await import('../../lib/seed/jobs.js')
    await cleanJob(this.jobContext(flags.quiet), args.file, {state: flags.state, runId: flags['run-id'], yes: flags.yes})
  }
}
