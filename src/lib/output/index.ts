import {onInterrupt, sameCommand} from '../interrupt.js'
import {allScalarColumns, cellText, chooseColumns, idFirst, pick, shownCell, type CellFormat, type DataRecord} from './cells.js'

// The one module that prints records. stdout carries data only. Lists stream: each record is
// written as it arrives (a table on a terminal is the exception: it needs every row to size
// its columns, and nobody reads 100,000 rows on a terminal).

export type {DataRecord} from './cells.js'
export const outputFormats = ['table', 'json', 'ndjson', 'csv', 'yaml'] as const
export type OutputFormat = (typeof outputFormats)[number]

export interface OutputOptions {
  format: OutputFormat
  /** `--columns`, for table and csv. */
  columns?: string[]
  /** The resource's default columns (piped TSV, csv). */
  defaultColumns?: string[]
  /** The resource's default columns for a table on a terminal, when they differ. `--columns` beats both. */
  tableColumns?: string[]
  stream?: NodeJS.WritableStream & {isTTY?: boolean}
  /** `--jq EXPR`: the JSON that would be printed, filtered through jq (the format is then json). */
  jq?: string
  /** The resource's cell formats for a table on a terminal (money, status words); piped TSV keeps the API's values. */
  cells?: Record<string, CellFormat>
  /**
   * Fields `ac` added to the records at the user's request (`--with tags`): not the API's, so
   * piped TSV shows them through `cells` too (`VIP, Gold`, not a JSON array).
   */
  added?: string[]
  /**
   * On a terminal table only: the names of what the columns point at and status words
   * (src/lib/names), asked once for all the rows. Scripts' formats never call it: no look-ups.
   */
  names?: (records: DataRecord[], columns: string[]) => Promise<ShownNames>
}

/** What a terminal table shows in people's words: cells by column, and headers (`group` → `pipeline`). */
export interface ShownNames {
  cells?: Record<string, CellFormat>
  headers?: Record<string, string>
}

/** Receives the records of a list, in order, as pages arrive. */
export interface RecordSink {
  add(record: DataRecord): Promise<void>
  end(): Promise<void>
}

export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve()
  return new Promise((resolve) => stream.once('drain', () => resolve()))
}

function tsvLine(cells: string[]): string {
  return cells.map((cell) => cell.replaceAll(/[\t\r\n]+/g, ' ')).join('\t') + '\n'
}

async function drawTable(stream: NodeJS.WritableStream & {isTTY?: boolean}, head: string[], rows: string[][], fit: {drop?: boolean; fields?: string[]} = {}): Promise<void> {
  const {renderTable} = await import('./table.js')
  await write(stream, await renderTable(stream, head, rows, fit))
}

class ListSink implements RecordSink {
  private count = 0
  private heldJson?: string
  private columns: string[] = []
  private readonly buffered: DataRecord[] = []
  private readonly forJq: unknown[] = []
  private csv?: (rows: unknown[][]) => string
  private yaml?: (value: unknown) => string
  private readonly stream: NodeJS.WritableStream & {isTTY?: boolean}
  /** Unregisters what Ctrl-C does to this list's output. */
  private offInterrupt?: () => void

  constructor(private readonly options: OutputOptions) {
    this.stream = options.stream ?? process.stdout
  }

  private get tableOnTty(): boolean {
    return this.options.format === 'table' && Boolean(this.stream.isTTY)
  }

  private async start(first: DataRecord): Promise<void> {
    const defaults = this.tableOnTty ? (this.options.tableColumns ?? this.options.defaultColumns) : this.options.defaultColumns
    this.columns = chooseColumns(first, this.options.columns, defaults)
    // A --columns name the records do not have is a typo, not an empty column: say so before any line.
    const unknown = (this.options.columns ?? []).filter((column) => pick(first, column) === undefined && !(column.split('.')[0] in first))
    if (unknown.length > 0) {
      const {usageError} = await import('../errors.js')
      const have = Object.keys(first).filter((key) => key !== 'links').slice(0, 12).join(', ')
      throw usageError(`--columns: these records have no ${unknown.map((column) => `"${column}"`).join(', ')}`, `They have ${have}`)
    }

    const {format} = this.options
    if (format === 'csv') {
      const {stringify} = await import('csv-stringify/sync')
      this.csv = (rows) => stringify(rows)
      await write(this.stream, this.csv([this.columns]))
    } else if (format === 'yaml') {
      const {stringify} = await import('yaml')
      this.yaml = stringify
    } else if (format === 'table' && !this.tableOnTty) {
      await write(this.stream, tsvLine(this.columns))
    }
  }

  async add(given: DataRecord): Promise<void> {
    const item = idFirst(given)
    // jq sees the whole list at once (`.[]`, `length`, `map(...)`): it cannot stream.
    if (this.options.jq !== undefined) {
      this.forJq.push(item)
      return
    }

    // Some lists hold plain values (webhook event names): a table shows them as `value`.
    const record: DataRecord = item !== null && typeof item === 'object' ? item : {value: item}
    if (this.count === 0) {
      await this.start(record)
      this.offInterrupt = onInterrupt(() => this.interrupted())
    }

    const {format} = this.options
    // Piped TSV and csv: the API's values, as scripts have always read them.
    const cells = () => this.columns.map((column) => (this.options.added?.includes(column) ? shownCell(record, column, this.options.cells) : cellText(pick(record, column))))
    if (format === 'json') {
      // A record is written when the next arrives (it then knows its comma): every line
      // written is complete, even when the list is interrupted.
      // The held record changes before the write is awaited: Ctrl-C meanwhile closes the array after it.
      const previous = this.heldJson
      this.heldJson = indent(JSON.stringify(item, null, 2))
      await write(this.stream, previous === undefined ? '[\n' : `${previous},\n`)
    } else if (format === 'ndjson') await write(this.stream, JSON.stringify(item) + '\n')
    else if (format === 'csv') await write(this.stream, this.csv!([cells()]))
    else if (format === 'yaml') await write(this.stream, this.yaml!([item]))
    else if (this.tableOnTty) this.buffered.push(record)
    else await write(this.stream, tsvLine(cells()))
    this.count++
  }

  /** Ctrl-C mid-list: every line written is whole; a JSON array is closed so the output still parses. */
  private interrupted(): string | undefined {
    const destroyed = (this.stream as {destroyed?: boolean}).destroyed
    if (this.options.format === 'json' && this.heldJson !== undefined && this.options.jq === undefined && !destroyed) {
      this.stream.write(`${this.heldJson}\n]\n`)
      this.heldJson = undefined
    }

    if (this.options.stream) return undefined
    const what = this.tableOnTty ? 'read (a terminal table is drawn at the end: none was)' : 'printed, each line whole'
    return `${this.count} record${this.count === 1 ? '' : 's'} ${what}. The whole list: ${sameCommand()}`
  }

  /** The terminal table, its ids named (one look-up for all the rows). */
  private async drawNamed(): Promise<void> {
    const named = this.options.names ? await this.options.names(this.buffered, this.columns) : {}
    const formats = {...this.options.cells, ...named.cells}
    const rows = this.buffered.map((record) => this.columns.map((column) => shownCell(record, column, formats)))
    // Columns the user did not choose may be dropped to fit the screen; chosen ones stay.
    const head = this.columns.map((column) => named.headers?.[column] ?? column)
    await drawTable(this.stream, head, rows, {drop: !this.options.columns?.length, fields: this.columns})
  }

  async end(): Promise<void> {
    this.offInterrupt?.()
    if (this.options.jq !== undefined) {
      await writeJq(this.stream, this.forJq, this.options.jq)
      return
    }

    const {format} = this.options
    // An empty list still has its header, where the columns are known without a record.
    const knownColumns = this.options.columns?.length ? this.options.columns : this.options.defaultColumns
    if (this.count === 0 && knownColumns?.length && (format === 'csv' || (format === 'table' && !this.tableOnTty))) {
      const header = format === 'csv' ? (await import('csv-stringify/sync')).stringify([knownColumns]) : tsvLine(knownColumns)
      await write(this.stream, header)
    }

    if (format === 'json') await write(this.stream, this.heldJson === undefined ? '[]\n' : `${this.heldJson}\n]\n`)
    else if (format === 'yaml' && this.count === 0) await write(this.stream, '[]\n')
    else if (this.tableOnTty && this.count > 0) await this.drawNamed()
    else if (this.count === 0 && format === 'table' && this.stream.isTTY) process.stderr.write('No records.\n')
  }
}

function indent(text: string): string {
  return text.replaceAll(/^/gm, '  ')
}

async function writeJq(stream: NodeJS.WritableStream, value: unknown, expression: string): Promise<void> {
  const {runJq} = await import('./jq.js')
  await write(stream, await runJq(value, expression))
}

export function listSink(options: OutputOptions): RecordSink {
  return new ListSink(options)
}

/** One record (get, create, update): an object in json/yaml, a field/value table on a terminal. */
export async function printRecord(record: DataRecord, options: OutputOptions): Promise<void> {
  const stream = options.stream ?? process.stdout
  if (options.jq !== undefined) return writeJq(stream, record, options.jq)
  if (options.format === 'table' && stream.isTTY) {
    // Every field, less the empty ones (the API fills records with '' and null), unless chosen.
    const chosen = options.columns?.length ? options.columns : undefined
    const rows = (chosen ?? allScalarColumns(record))
      .map((column) => [column, shownCell(record, column, options.cells)])
      .filter(([, value]) => chosen || value !== '')
    await drawTable(stream, ['field', 'value'], rows)
    return
  }

  if (options.format === 'json') {
    await write(stream, JSON.stringify(idFirst(record), null, 2) + '\n')
    return
  }

  if (options.format === 'yaml') {
    const {stringify} = await import('yaml')
    await write(stream, stringify(idFirst(record)))
    return
  }

  const sink = listSink({...options, defaultColumns: options.defaultColumns ?? allScalarColumns(record)})
  await sink.add(record)
  await sink.end()
}

/** A body that is not a record (an action's answer, `api` output): JSON, or YAML when asked. */
export async function printValue(value: unknown, options: OutputOptions): Promise<void> {
  const stream = options.stream ?? process.stdout
  if (value === undefined) return
  if (options.jq !== undefined) return writeJq(stream, value, options.jq)
  if (options.format === 'yaml') {
    const {stringify} = await import('yaml')
    await write(stream, stringify(value))
    return
  }

  await write(stream, (options.format === 'ndjson' ? JSON.stringify(value) : JSON.stringify(value, null, 2)) + '\n')
}
