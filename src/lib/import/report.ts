import {writeFileAtomic} from '../files.js'
import type {InputTable} from './read.js'

// What the user gets back: a summary whose counts add up to the input's rows, one line per
// row that did not make it, and optionally those rows as a CSV to fix and import again.

export interface ImportSummary {
  rows: number
  /** With --wait: written by the importer. */
  imported?: number
  /** Without --wait: accepted into the importer's queue. */
  queued?: number
  failed: number
  invalid: number
  batches: number
  requests: number
  failures?: string
  /** The file had a header and no rows. */
  empty?: boolean
}

export interface RowProblem {
  index: number
  where: string
  email: string
  reason: string
  kind: 'failed' | 'invalid'
}

export function summaryLine(summary: ImportSummary): string {
  if (summary.empty) return 'Nothing to import: the file has a header and no rows (0 rows, no request to the importer)'
  const done = summary.imported === undefined ? `${summary.queued ?? 0} queued` : `${summary.imported} imported`
  const requests = `${summary.requests} request${summary.requests === 1 ? '' : 's'}`
  return `${summary.rows} rows: ${done}, ${summary.failed} failed, ${summary.invalid} invalid (${requests} to the importer)`
}

export function problemLines(problems: RowProblem[]): string[] {
  return problems.map((problem) => `${problem.where}${problem.email ? ` (${problem.email})` : ''}: ${problem.kind === 'invalid' ? 'invalid, ' : 'failed, '}${problem.reason}`)
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(cell).join('|')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

type Stringify = (rows: unknown[][]) => string

/**
 * Rows not sent when the import was interrupted, as they were read (CSV for CSV, NDJSON for
 * JSON and NDJSON), so that importing this file with the same flags finishes the job.
 * Synchronous: it runs in the interrupt handler.
 */
export function writeRemaining(path: string, table: InputTable, indexes: number[], stringify: Stringify): void {
  const rows = indexes.map((index) => table.rows[index].values)
  const text = table.format === 'csv'
    ? stringify([table.columns, ...rows.map((values) => table.columns.map((column) => cell(values[column])))])
    : rows.map((values) => JSON.stringify(values) + '\n').join('')
  writeFileAtomic(path, text)
}

/** Where an interrupted import leaves its unsent rows: beside the input (`people.csv` → `people.remaining.csv`). */
export function remainingPath(file: string, format: InputTable['format']): string {
  const extension = format === 'csv' ? '.csv' : '.ndjson'
  if (file === '-') return `contacts-import.remaining${extension}`
  return `${file.replace(/\.(csv|tsv|txt|json|ndjson|jsonl)$/i, '')}.remaining${extension}`
}

/** The failed rows with their own columns and a `reason`: fix them and import the file as it is. */
export async function writeFailures(path: string, table: InputTable, problems: RowProblem[]): Promise<void> {
  const {stringify} = await import('csv-stringify/sync')
  writeFailuresWith(path, table, problems, stringify)
}

export function writeFailuresWith(path: string, table: InputTable, problems: RowProblem[], stringify: Stringify): void {
  const columns = [...table.columns.filter((column) => column !== 'reason'), 'reason']
  const byIndex = [...problems].sort((a, b) => a.index - b.index)
  const lines = byIndex.map((problem) => {
    const values = table.rows[problem.index].values
    return columns.map((column) => (column === 'reason' ? problem.reason : cell(values[column])))
  })
  writeFileAtomic(path, stringify([columns, ...lines]))
}
