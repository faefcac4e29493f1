import type {ApiClient} from '../client/client.js'
import {AcError, ExitCode, usageError} from '../errors.js'
import {progress} from '../output/progress.js'
import {entryOf, planBatches, tooBig, type Batch, type Entry} from './batches.js'
import {ImportJob} from './job.js'
import {describeTarget, mapColumns, type ColumnMapping} from './mapping.js'
import {readTable} from './read.js'
import {onInterrupt, sameCommand} from '../interrupt.js'
import {problemLines, remainingPath, summaryLine, writeFailures, writeFailuresWith, writeRemaining, type ImportSummary, type RowProblem} from './report.js'
import {checkRows} from './validate.js'

// `ac contacts import`, start to end: read, map, validate every row, plan the batches, and
// only then send (or, with --dry-run, print the plan). Nothing is dropped on the way: every
// row ends imported (or queued), failed or invalid, and the summary says so.

export interface ImportOptions {
  file: string
  maps?: string[]
  skipInvalid?: boolean
  wait?: boolean
  failures?: string
  excludeAutomations?: boolean
  dryRun?: boolean
  quiet?: boolean
  json?: boolean
}

export interface ImportPlan {
  mapping: Array<{column: string; field: string}>
  batches: Array<{contacts: number; bytes: number; first: string; last: string}>
}

const write = (text: string) => process.stderr.write(text)

function planOf(mapping: ColumnMapping[], batches: Batch[]): ImportPlan {
  return {
    mapping: mapping.map(({column, target}) => ({column, field: describeTarget(target)})),
    batches: batches.map(({entries, bytes}) => ({contacts: entries.length, bytes, first: entries[0].checked.row.where, last: entries.at(-1)!.checked.row.where})),
  }
}

export function planText(plan: ImportPlan, rows: number): string {
  const width = Math.max(...plan.mapping.map(({column}) => column.length))
  const lines = ['Column mapping:', ...plan.mapping.map(({column, field}) => `  ${column.padEnd(width)}  → ${field}`)]
  const contacts = plan.batches.reduce((sum, batch) => sum + batch.contacts, 0)
  lines.push(`Batch plan: ${contacts} of ${rows} rows in ${plan.batches.length} request${plan.batches.length === 1 ? '' : 's'} to /import/bulk_import:`)
  for (const [index, batch] of plan.batches.entries()) {
    lines.push(`  ${index + 1}. ${batch.contacts} contacts, ${batch.bytes} bytes (${batch.first} to ${batch.last})`)
  }

  return lines.join('\n') + '\n'
}

function rowsToEntries(checked: Awaited<ReturnType<typeof checkRows>>, options: ImportOptions) {
  const problems: RowProblem[] = []
  const entries: Entry[] = []
  for (const [index, row] of checked.entries()) {
    const email = String(row.contact?.email ?? row.row.values.email ?? '')
    if (!row.contact) {
      problems.push({index, where: row.row.where, email, reason: row.problem ?? 'invalid', kind: 'invalid'})
      continue
    }

    const entry = entryOf(index, row, row.contact)
    if (tooBig(entry, options)) problems.push({index, where: row.row.where, email, reason: 'the contact alone is over the importer\'s 400 KB a request', kind: 'invalid'})
    else entries.push(entry)
  }

  return {problems, entries}
}

export interface ImportOutcome {
  summary: ImportSummary
  plan?: ImportPlan
}

export async function runImport(client: ApiClient, options: ImportOptions): Promise<ImportOutcome> {
  const table = await readTable(options.file)
  const nothing = {summary: {rows: 0, failed: 0, invalid: 0, batches: 0, requests: 0, queued: 0}, plan: options.dryRun ? {mapping: [], batches: []} : undefined}
  if (table.rows.length === 0 && table.columns.length === 0) {
    // An empty export piped in (a filter that matched nobody) is nothing to do; an empty file named is a mistake (the wrong file, a failed export).
    if (options.file !== '-') throw usageError(`${options.file} is empty: no header, no rows`, 'Give the file with the contacts to import')
    return nothing
  }

  // A header and no rows: nothing to import, and the summary says so.
  if (table.rows.length === 0) return {summary: {...nothing.summary, empty: true}, plan: nothing.plan}

  // Stopped while columns and rows are checked (look-ups only): nothing was imported.
  const offChecking = options.dryRun ? undefined : onInterrupt(() => `Import stopped before any row was sent. Run it again: ${sameCommand()}`)
  const mapping = await mapColumns(client, table.columns, options.maps).catch((error: unknown) => {
    offChecking?.()
    throw error
  })
  let checked: Awaited<ReturnType<typeof checkRows>>
  try {
    checked = await checkRows(client, table.rows, mapping)
  } finally {
    offChecking?.()
  }

  const {problems, entries} = rowsToEntries(checked, options)
  const batches = planBatches(entries, options)
  const summary: ImportSummary = {rows: table.rows.length, failed: 0, invalid: problems.length, batches: batches.length, requests: 0}
  const finish = async () => {
    for (const line of problemLines(problems)) write(`${line}\n`)
    if (options.failures && problems.length > 0) {
      await writeFailures(options.failures, table, problems)
      summary.failures = options.failures
    }
  }

  if (options.dryRun) {
    await finish()
    return {summary: {...summary, queued: 0}, plan: planOf(mapping, batches)}
  }

  if (problems.length > 0 && !options.skipInvalid) {
    await finish()
    const error = usageError(`${problems.length} of ${table.rows.length} rows are invalid; nothing was sent`, 'Fix them, or pass --skip-invalid to import the rest')
    throw error
  }

  const bar = progress('Importing', {quiet: options.quiet, long: batches.length > 1, stdoutBuffered: true})
  const job = new ImportJob(client, {excludeAutomations: options.excludeAutomations, onProgress: (done, total) => bar.update(done, total)})
  // Ctrl-C: the rows not sent (or whose batch was still unanswered) go to a file that resumes the import.
  const {stringify} = await import('csv-stringify/sync')
  const offInterrupt = onInterrupt(() => {
    bar.done()
    const unsent = entries.filter((entry) => !job.results.has(entry.index)).map((entry) => entry.index)
    const failed = entries.filter((entry) => job.results.get(entry.index)?.status === 'failed')
    const queued = entries.length - unsent.length - failed.length
    const lines = [`Import stopped: ${queued} of ${table.rows.length} rows queued, ${failed.length} failed, ${problems.length} invalid, ${unsent.length} not sent.`]
    if (options.failures && (failed.length > 0 || problems.length > 0)) {
      const all = [...problems, ...failed.map((entry) => ({index: entry.index, where: entry.checked.row.where, email: entry.contact.email, reason: job.results.get(entry.index)?.reason ?? 'failed', kind: 'failed' as const}))]
      writeFailuresWith(options.failures, table, all, stringify)
      lines.push(`The rows that did not import are in ${options.failures}.`)
    }

    if (unsent.length === 0) {
      lines.push(options.wait ? 'Every row was queued: the importer goes on with them (ac contacts bulk-import-status shows how far it is).' : 'Every row was queued: nothing to resume.')
      return lines
    }

    const path = remainingPath(options.file, table.format)
    writeRemaining(path, table, unsent, stringify)
    lines.push(`The ${unsent.length} rows not sent are in ${path} (a batch still unanswered is among them: the importer matches contacts by email, so sending it again duplicates nothing).`, `Resume with: ${sameCommand({from: options.file, to: path})}`)
    return lines
  })
  try {
    try {
      await job.send(batches)
    } finally {
      bar.done()
    }

    if (options.wait) {
      const waitBar = progress('Waiting for the importer', {quiet: options.quiet, long: batches.length > 1, stdoutBuffered: true})
      try {
        await job.wait((done, total) => waitBar.update(done, total))
      } finally {
        waitBar.done()
      }
    }
  } finally {
    offInterrupt()
  }

  const counts = {queued: 0, imported: 0, failed: 0}
  for (const entry of entries) {
    const result = job.results.get(entry.index)
    if (!result) throw new AcError(`Row at ${entry.checked.row.where} has no result`, {code: 'internal', exitCode: ExitCode.failure})
    counts[result.status]++
    if (result.status === 'failed') {
      problems.push({index: entry.index, where: entry.checked.row.where, email: entry.contact.email, reason: result.reason ?? 'failed', kind: 'failed'})
    }
  }

  problems.sort((a, b) => a.index - b.index)
  Object.assign(summary, {failed: counts.failed, requests: job.requests}, options.wait ? {imported: counts.imported} : {queued: counts.queued})
  await finish()
  return {summary}
}

export {summaryLine}
