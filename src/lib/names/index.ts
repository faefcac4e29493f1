import type {ApiClient} from '../client/client.js'
import {cellText, pick, type CellFormat, type DataRecord} from '../output/cells.js'
import {listRecords} from '../paging.js'
import {describe, referenceTarget} from '../resources/index.js'
import {NameCache, namesFolder, type Names} from './cache.js'

// Names out: a terminal table shows the names of the records its columns point at (a deal's
// contact email, pipeline, stage and owner). What points where is declared once in the resource
// descriptions (references, pointsAt, shownWords, headers); this room fetches the names, the
// output layer applies them. Collections of few records come from the name cache, or one
// request each when it is cold; others (contacts, deals) one request per page, by `ids=`.

export interface NamesContext {
  client: ApiClient
  cache: NameCache
  /** `--debug` lines: cache hits and misses. */
  trace: (line: string) => void
}

/** The names of one profile's account: its cache folder, and `--debug` lines through `trace`. */
export function namesContext(client: ApiClient, profile: string, trace: (line: string) => void): NamesContext {
  return {client, cache: new NameCache(namesFolder(profile, client.baseUrl)), trace}
}

/** What a terminal table shows instead of the API's values, for some of its columns. */
export interface TableNames {
  cells: Record<string, CellFormat>
  headers: Record<string, string>
}

/** At most this many ids in one `ids=` request (the API's page size). */
const idsPerRequest = 100
/**
 * A few-record collection is kept whole up to this many records (5 requests cold). An account
 * with 20,000 tags keeps the first 500, and asks for the others a table needs by `ids=`.
 */
const keptWhole = 500

/** The field that names a `resource` record in another's table (a tag by `tag`, a contact by `email`). */
export function nameField(resource: string): string | undefined {
  const description = describe(resource)
  return description.shownBy ?? description.lookup?.field
}

/** The resource a column of a `resource` record points at, when its records have names. */
export function pointsAt(resource: string, column: string, record: DataRecord): string | undefined {
  const declared = describe(resource).pointsAt?.[column]
  const target = declared ? declared(record) : referenceTarget(resource, column)
  return target && nameField(target) ? target : undefined
}

/** An id worth naming: `0`, empty and null mean "none" in the API. */
function isReference(value: unknown): value is string | number {
  return (typeof value === 'string' || typeof value === 'number') && value !== '' && String(value) !== '0'
}

/** Names of records of several resources, learnt in as few requests as the cache allows. */
export class Namer {
  private readonly known = new Map<string, Names>()
  /** Collections known whole: an id not in them names no record (deleted), and is not asked for. */
  private readonly complete = new Set<string>()

  constructor(private readonly context: NamesContext) {}

  /** Learns the names of these ids, by resource; a failure leaves ids unnamed, never fails the command. */
  async learn(wanted: Map<string, Set<string>>): Promise<void> {
    await Promise.all(
      [...wanted].map(async ([resource, ids]) => {
        try {
          if (describe(resource).few) await this.learnAll(resource)
          const missing = [...ids].filter((id) => this.name(resource, id) === undefined)
          if (missing.length > 0 && !this.complete.has(resource)) await this.learnByIds(resource, missing)
        } catch (error) {
          this.context.trace(`names: ${resource} left as ids (${(error as Error).message})`)
        }
      }),
    )
  }

  name(resource: string, id: unknown): string | undefined {
    return isReference(id) ? this.known.get(resource)?.[String(id)] : undefined
  }

  /** Names already at hand (a sideload): no request for them. */
  teach(resource: string, names: Names): void {
    this.remember(resource, names)
  }

  private remember(resource: string, names: Names): void {
    this.known.set(resource, {...this.known.get(resource), ...names})
  }

  private async learnAll(resource: string): Promise<void> {
    const kept = this.context.cache.read(resource)
    if (kept) {
      this.context.trace(`names cache hit: ${resource} (${Object.keys(kept.names).length} names, ${Math.round(kept.ageMs / 1000)} s old)`)
      this.remember(resource, kept.names)
      if (kept.complete) this.complete.add(resource)
      return
    }

    this.context.trace(`names cache miss: ${resource}`)
    const field = nameField(resource)!
    const names: Names = {}
    let count = 0
    for await (const record of listRecords(this.context.client, {path: pathOf(resource), responseKey: resource, limit: keptWhole})) {
      names[String(record.id)] = cellText(record[field])
      count++
    }

    const complete = count < keptWhole
    this.context.cache.write(resource, names, complete)
    this.remember(resource, names)
    if (complete) this.complete.add(resource)
  }

  private async learnByIds(resource: string, ids: string[]): Promise<void> {
    const field = nameField(resource)!
    const missing = ids.filter((id) => this.name(resource, id) === undefined)
    for (let start = 0; start < missing.length; start += idsPerRequest) {
      const chunk = missing.slice(start, start + idsPerRequest)
      const records = listRecords(this.context.client, {path: pathOf(resource), responseKey: resource, query: {ids: chunk.join(',')}, limit: chunk.length})
      const names: Names = {}
      for await (const record of records) names[String(record.id)] = cellText(record[field])
      this.remember(resource, names)
    }
  }
}

function pathOf(resource: string): string {
  return describe(resource).lookup?.path ?? `/${resource}`
}

/** Records already in an answer (a sideload): their names, with no request. */
export function namesIn(records: DataRecord[], resource: string): Names {
  const field = nameField(resource)
  return Object.fromEntries(field ? records.map((record) => [String(record.id), cellText(record[field])]) : [])
}

/** Which ids of which resources these columns of these records point at. */
export function wantedBy(resource: string, records: DataRecord[], columns: string[]): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>()
  for (const column of columns) {
    for (const record of records) {
      const target = pointsAt(resource, column, record)
      const value = pick(record, column)
      if (!target || !isReference(value)) continue
      if (!wanted.has(target)) wanted.set(target, new Set())
      wanted.get(target)!.add(String(value))
    }
  }

  return wanted
}

/** The cells and headers a terminal table of `resource` records shows in people's words. */
export async function tableNames(context: NamesContext, resource: string, records: DataRecord[], columns: string[]): Promise<TableNames> {
  const description = describe(resource)
  const namer = new Namer(context)
  await namer.learn(wantedBy(resource, records, columns))
  return namesOfColumns(resource, namer, columns, description.cells)
}

/** Cell formats that name what columns point at, and status words; the resource's own formats otherwise. */
export function namesOfColumns(resource: string, namer: Namer, columns: string[], own: Record<string, CellFormat> = {}): TableNames {
  const description = describe(resource)
  const cells: Record<string, CellFormat> = {}
  for (const column of columns) {
    const words = description.shownWords?.[column]
    if (words) cells[column] = (value, record) => words[String(value)] ?? own[column]?.(value, record) ?? cellText(value)
    else cells[column] = (value, record) => {
      const target = pointsAt(resource, column, record)
      return (target && namer.name(target, value)) ?? (own[column] ? own[column](value, record) : cellText(value))
    }
  }

  const headers = Object.fromEntries(columns.filter((column) => description.headers?.[column]).map((column) => [column, description.headers![column]]))
  return {cells, headers}
}
