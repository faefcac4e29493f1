import {parse} from 'csv-parse/sync'

import {parseJson} from '../command/input.js'
import {usageError} from '../errors.js'
import {isId} from '../lookup.js'

// `--ids-from FILE|-`: whatever `ac ... list` printed is valid input, so a list pipes
// straight into a delete. One id (or name) a line; NDJSON records with `id` (`-o ndjson`);
// a JSON array of them (`--json`); a CSV with an `id` column (`-o csv`); the tab-separated
// table printed off a terminal.
// Every line is checked before a request is sent: a half-read file must not half-delete.

export interface IdsSource {
  text: string
  /** For messages: the file name, or `stdin`. */
  from: string
  /** The records can be named (contacts by email, tags by name): a line need not be an id. */
  acceptsNames: boolean
}

function bad(from: string, line: number, why: string): never {
  throw usageError(`${from} line ${line}: ${why}`, 'Give one id a line, JSON records with "id", or a CSV with an id column')
}

function fromNdjson({text, from}: IdsSource): string[] {
  const ids: string[] = []
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    if (!raw.trim()) continue
    let record: unknown
    try {
      record = JSON.parse(raw)
    } catch {
      bad(from, index + 1, 'not a JSON record')
    }

    const id = record && typeof record === 'object' && !Array.isArray(record) ? (record as Record<string, unknown>).id : undefined
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') bad(from, index + 1, 'the record has no "id"')
    ids.push(String(id).trim())
  }

  return ids
}

function fromJsonArray({text, from}: IdsSource): string[] {
  const records = parseJson(text, from)

  if (!Array.isArray(records)) throw usageError(`${from} is not a JSON array of records`)
  return records.map((record, index) => {
    const id = record && typeof record === 'object' ? (record as Record<string, unknown>).id : record
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
      throw usageError(`${from}: record ${index + 1} of the array has no "id"`)
    }

    return String(id).trim()
  })
}

function fromTable({text, from}: IdsSource, delimiter: string): string[] {
  let rows: Array<{record: Record<string, string>; info: {lines: number}}>
  try {
    // Tables printed off a terminal are tab-separated and never quoted.
    rows = parse(text, {delimiter, columns: true, skip_empty_lines: true, info: true, bom: true, trim: true, quote: delimiter === '\t' ? false : '"'})
  } catch (error) {
    const line = (error as {lines?: number}).lines
    throw usageError(`${from}${line ? ` line ${line}` : ''}: ${(error as Error).message.replace(/^Invalid Record Length: /, '')}`)
  }

  return rows.map(({record, info}) => {
    const id = record.id
    if (!id) bad(from, info.lines, 'the id column is empty')
    return id
  })
}

function fromLines({text, from, acceptsNames}: IdsSource): string[] {
  const ids: string[] = []
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (!line) continue
    // A lone `id` heads the output of `-o csv --columns id`.
    if (ids.length === 0 && line.toLowerCase() === 'id') continue
    if (/^[[{]/.test(line) || /[,\t]/.test(line)) bad(from, index + 1, `"${line.slice(0, 40)}" is not one id`)
    if (!acceptsNames && !isId(line)) bad(from, index + 1, `"${line.slice(0, 40)}" is not an id`)
    ids.push(line)
  }

  return ids
}

/** The ids in a file given to --ids-from, in order; a usage error naming the first bad line. */
export function parseIds(source: IdsSource): string[] {
  const first = source.text.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim()) ?? ''
  if (first.trimStart().startsWith('{')) return fromNdjson(source)
  if (first.trimStart().startsWith('[')) return fromJsonArray(source)
  for (const delimiter of ['\t', ',']) {
    if (!first.includes(delimiter)) continue
    const header = first.split(delimiter).map((cell) => cell.trim().replaceAll('"', '').toLowerCase())
    if (header.includes('id')) return fromTable(source, delimiter)
    bad(source.from, 1, 'a table needs an id column')
  }

  return fromLines(source)
}
