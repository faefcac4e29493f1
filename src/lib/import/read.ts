import {extname} from 'node:path'

import {usageError} from '../errors.js'
import {parseJson, readStdinText, readTextFile} from '../command/input.js'

// Rows in, whatever the file: CSV with a header, a JSON array of objects, or NDJSON. Each
// row remembers where it came from, so a problem is reported where the user can find it:
// the file line for CSV (the header is line 1) and NDJSON, the item number in a JSON array.

export type InputFormat = 'csv' | 'json' | 'ndjson'

export interface InputRow {
  /** 1-based file line (CSV, NDJSON) or item number (JSON array). */
  line: number
  /** `line 3` or `item 3`: how messages name the row. */
  where: string
  values: Record<string, unknown>
  /** Set when the row could not even be read (a line of NDJSON that is not JSON). */
  unreadable?: string
}

export interface InputTable {
  format: InputFormat
  /** In file order: the CSV header, or every key seen in the JSON records. */
  columns: string[]
  rows: InputRow[]
}

export function sniffFormat(path: string, text: string): InputFormat {
  const extension = path === '-' ? '' : extname(path).toLowerCase()
  if (extension === '.csv' || extension === '.tsv' || extension === '.txt') return 'csv'
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson'
  if (extension === '.json') return 'json'
  const start = text.trimStart()[0]
  if (start === '[') return 'json'
  if (start === '{') return 'ndjson'
  return 'csv'
}

/** `-` is stdin; a file that cannot be read is a one-line usage error. */
export async function readInput(path: string): Promise<{text: string; name: string}> {
  if (path === '-') return {text: await readStdinText(), name: 'stdin'}
  return {text: readTextFile(path), name: path}
}

async function readCsv(text: string, name: string): Promise<InputTable> {
  const {parse} = await import('csv-parse/sync')
  let parsed: Array<{record: string[]; raw: string}>
  try {
    // Windows line ends become \n first: csv-parse's raw text drops the \n of a \r\n, and the
    // line count below (\n per record) then put every row on line 1.
    parsed = parse(text.replaceAll('\r\n', '\n'), {bom: true, info: false, raw: true, skip_empty_lines: true, relax_column_count: true}) as unknown as Array<{record: string[]; raw: string}>
  } catch (error) {
    throw usageError(`${name} is not valid CSV: ${(error as Error).message}`)
  }

  // csv-parse counts a lone \r as a line; counting the \n of each record's raw text does not.
  let cursor = 1
  const located = parsed.map(({record, raw}) => {
    const skipped = /^(?:\r?\n)*/.exec(raw)![0].split('\n').length - 1
    const line = cursor + skipped
    cursor += raw.split('\n').length - 1
    return {record, line}
  })
  const header = located.shift()
  if (!header) return {format: 'csv', columns: [], rows: []}
  const columns = header.record.map((column) => column.trim())
  const rows = located.map(({record, line}) => {
    const values: Record<string, unknown> = {}
    for (const [index, column] of columns.entries()) values[column] = record[index] ?? ''
    const extra = record.length > columns.length && record.slice(columns.length).some((cell) => cell.trim() !== '')
    return {line, where: `line ${line}`, values, unreadable: extra ? `it has ${record.length} cells for ${columns.length} columns` : undefined}
  })
  return {format: 'csv', columns, rows}
}

function keysInOrder(rows: InputRow[]): string[] {
  const seen = new Set<string>()
  for (const row of rows) for (const key of Object.keys(row.values)) seen.add(key)
  return [...seen]
}

function asRow(value: unknown, line: number, where: string): InputRow {
  if (value && typeof value === 'object' && !Array.isArray(value)) return {line, where, values: value as Record<string, unknown>}
  return {line, where, values: {}, unreadable: 'it is not an object'}
}

function readJson(text: string, name: string): InputTable {
  const parsed = parseJson(text, name)

  if (!Array.isArray(parsed)) throw usageError(`${name} must hold a JSON array of contacts`)
  const rows = parsed.map((item, index) => asRow(item, index + 1, `item ${index + 1}`))
  return {format: 'json', columns: keysInOrder(rows), rows}
}

function readNdjson(text: string): InputTable {
  const rows: InputRow[] = []
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue
    try {
      rows.push(asRow(JSON.parse(line), index + 1, `line ${index + 1}`))
    } catch {
      rows.push({line: index + 1, where: `line ${index + 1}`, values: {}, unreadable: 'it is not valid JSON'})
    }
  }

  return {format: 'ndjson', columns: keysInOrder(rows), rows}
}

export async function readTable(path: string): Promise<InputTable> {
  const {text, name} = await readInput(path)
  const format = sniffFormat(path, text)
  if (format === 'json') return readJson(text, name)
  if (format === 'ndjson') return readNdjson(text)
  return readCsv(text, name)
}
