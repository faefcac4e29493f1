import {Args, Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {mutationFlags, outputFlags, progressFlags} from '../../lib/command/flags.js'
import {AcError, ExitCode, usageError} from '../../lib/errors.js'

export default class ContactsImport extends AcCommand {
  static override summary = 'Import contacts from a CSV, JSON or NDJSON file through the bulk importer'
  static override description = `Columns map to the importer's fields: email, first_name, last_name, phone, customer_acct_name, tags (names, several split by "," or "|"), lists (ids or names) and custom fields (by title or id). Every row is checked before anything is sent; a bad row stops the import (exit 2) unless --skip-invalid.
Batches hold at most 250 contacts and under 400 KB, paced to the importer's 100 requests a minute. A batch the importer rejects for one contact is resent without it. The summary (stderr; JSON on stdout with --json) counts every row: imported or queued, failed, invalid. Exit 5 when any row did not import.
API: POST /import/bulk_import, GET /import/info.`

  static override examples = [
    'ac contacts import - --dry-run',
    'ac contacts import people.csv --dry-run',
    'ac contacts import people.csv --wait --failures failed.csv',
    'ac contacts import people.csv --map "E-Mail Address=email" --map Notes=',
    'ac contacts export --with-tags | ac contacts import -',
  ]

  static override args = {file: Args.string({required: true, description: 'CSV, JSON array or NDJSON file; - for stdin'})}
  static override flags = {
    json: outputFlags.json,
    ...progressFlags,
    ...mutationFlags,
    map: Flags.string({description: 'COLUMN=FIELD: feed a column to a field (email, first_name, tags, lists, a custom field title or field:ID); COLUMN= ignores it (repeatable)', multiple: true}),
    'skip-invalid': Flags.boolean({description: 'Import the valid rows even when some are invalid (those count as failed)'}),
    wait: Flags.boolean({description: 'Wait until the importer has processed every batch, and report each contact'}),
    failures: Flags.string({description: 'Write the rows that did not import, with a reason column, to this CSV (fix it and import it again)'}),
    'exclude-automations': Flags.boolean({description: 'Do not start automations for the imported contacts'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ContactsImport)
    const {runImport, planText, summaryLine} = await import('../../lib/import/run.js')
    const {summary, plan} = await runImport(await this.client(), {
      file: args.file,
      maps: flags.map,
      skipInvalid: flags['skip-invalid'],
      wait: flags.wait,
      failures: flags.failures,
      excludeAutomations: flags['exclude-automations'],
      dryRun: flags['dry-run'],
      quiet: flags.quiet,
    })
    if (plan) {
      process.stdout.write(flags.json ? JSON.stringify({...plan, rows: summary.rows, invalid: summary.invalid}, null, 2) + '\n' : planText(plan, summary.rows))
      if (summary.invalid > 0 && !flags['skip-invalid']) throw usageError(`${summary.invalid} of ${summary.rows} rows are invalid`, 'Fix them, or pass --skip-invalid to import the rest')
      return
    }

    process.stderr.write(`${summaryLine(summary)}${summary.failures ? `; the rows that did not import are in ${summary.failures}` : ''}\n`)
    if (flags.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n')
    const notImported = summary.failed + summary.invalid
    if (notImported > 0) {
      const error = new AcError(`${notImported} of ${summary.rows} rows did not import`, {code: 'rejected', exitCode: ExitCode.rejected, hint: summary.failures ? `Fix them in ${summary.failures} and import it again` : 'Pass --failures FILE to get them back as CSV'})
      error.inJsonOutput = Boolean(flags.json)
      throw error
    }
  }
}
