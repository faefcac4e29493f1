import type {ApiClient, Query} from './client/client.js'
import {listOf, totalOf} from './envelope.js'
import type {DataRecord} from './output/cells.js'

// One iterator over the pages of any list: `--limit`, `--offset` and `--all` mean the same
// everywhere. Records are yielded page by page, so output streams and memory stays flat.
//
// Offset paging knows every page's offset once the first answer gives `meta.total`, so it
// keeps a few requests in flight (the process pacer still holds them to 5 req/s): at 300 ms
// latency one-at-a-time would reach only 3.3 req/s. Contacts go by `id_greater` instead,
// which stays fast at any depth but needs each page's last id before asking for the next:
// so past the first page the id range is cut into windows (the highest id is one more
// request), fetched side by side, each by `id_greater` within its window, yielded in order.

export const maxPageSize = 100
const pagesInFlight = 4
/** Pages a contacts id window is sized for: small enough that waiting windows hold little. */
const pagesPerWindow = 4

export interface ListRequest {
  path: string
  query?: Query
  /** The envelope key holding the records (`contacts`); found by shape when absent. */
  responseKey?: string
  /** Records wanted; undefined with `all`. */
  limit?: number
  offset?: number
  all?: boolean
  /** Page by `orders[id]=ASC` + `id_greater` (contacts). */
  byIdGreater?: boolean
  onPage?: (progress: {fetched: number; total?: number}) => void
}

interface Page {
  records: DataRecord[]
  /** The whole answer, with its `include=` sideloads. */
  body: unknown
  total?: number
  /** Asked for this many: a page holding fewer is the last, one holding more ignored `limit`. */
  size: number
}

function fetchPage(client: ApiClient, request: ListRequest, query: Query, size: number): Promise<Page> {
  const page = client
    .request({method: 'GET', path: request.path, query: {...request.query, ...query, limit: size}})
    .then(({body}) => ({records: listOf(body, request.responseKey, {method: 'GET', path: request.path}), body, total: totalOf(body), size}))
  // Awaited in order later; a failure meanwhile must not surface as an unhandled rejection.
  page.catch(() => {})
  return page
}

/** The page is the list's last: short, or an endpoint that ignores `limit` and answers everything. */
function isLast(page: Page): boolean {
  return page.records.length !== page.size
}

/** A page as the caller sees it: its records (cut to what was asked) and the answer they came in. */
export interface ListPage {
  records: DataRecord[]
  body: unknown
}

async function* byIdGreater(client: ApiClient, request: ListRequest, wanted: number): AsyncGenerator<ListPage> {
  let fetched = 0
  let lastId = Number(request.query?.id_greater ?? 0)
  // Each page's meta.total counts what is left above its id_greater: the first one is the whole.
  let total: number | undefined
  // --offset: the first page by offset (in id order), every later one by id_greater.
  let offset = request.offset
  while (fetched < wanted) {
    const position = offset ? {offset} : {id_greater: lastId}
    const page = await fetchPage(client, request, {'orders[id]': 'ASC', ...position}, Math.min(maxPageSize, wanted - fetched))
    offset = undefined
    total ??= page.total === undefined ? undefined : page.total - (request.offset ?? 0)
    const records = page.records.slice(0, wanted - fetched)
    fetched += records.length
    request.onPage?.({fetched, total})
    yield {records, body: page.body}
    const nextId = Number(page.records.at(-1)?.id)
    if (isLast(page) || !(nextId > lastId)) return
    lastId = nextId
    // Enough left to be worth a look at the highest id: go on side by side.
    if (total !== undefined && Math.min(wanted, total) - fetched > 2 * maxPageSize && request.query?.id_less === undefined) {
      yield* inIdWindows(client, request, {after: lastId, fetched, wanted, total})
      return
    }
  }
}

/** Everything above `after`, in windows of ids fetched several at a time, yielded in id order. */
async function* inIdWindows(client: ApiClient, request: ListRequest, from: {after: number; fetched: number; wanted: number; total: number}): AsyncGenerator<ListPage> {
  const top = await fetchPage(client, request, {'orders[id]': 'DESC'}, 1)
  const highest = Number(top.records[0]?.id)
  if (!(highest > from.after)) return
  // Windows as wide as pagesPerWindow full pages would be at the ids' density so far.
  const width = Math.max(1, Math.ceil((pagesPerWindow * maxPageSize * (highest - from.after)) / Math.max(1, from.total - from.fetched)))
  const windows: Array<[number, number]> = []
  for (let start = from.after; start < highest; start += width) windows.push([start, Math.min(start + width, highest)])

  // One window: its pages in turn (each needs the last id of the one before). Its first
  // answer's meta.total says how many it holds, so the last page is asked at its exact size
  // and no empty page is fetched to learn that the window is done.
  const fetchWindow = async ([after, until]: [number, number]): Promise<Page[]> => {
    const pages: Page[] = []
    let inWindow: number | undefined
    let got = 0
    for (let cursor = after; ; ) {
      const size = inWindow === undefined ? maxPageSize : Math.min(maxPageSize, inWindow - got)
      if (size <= 0) return pages
      const page = await fetchPage(client, request, {'orders[id]': 'ASC', id_greater: cursor, id_less: until + 1}, size)
      inWindow ??= page.total
      got += page.records.length
      pages.push(page)
      const nextId = Number(page.records.at(-1)?.id)
      if (isLast(page) || !(nextId > cursor)) return pages
      cursor = nextId
    }
  }

  let fetched = from.fetched
  const running: Array<Promise<Page[]>> = []
  let next = 0
  const launch = () => {
    while (running.length < pagesInFlight && next < windows.length) {
      const window = fetchWindow(windows[next++])
      window.catch(() => {})
      running.push(window)
    }
  }

  launch()
  while (running.length > 0) {
    const pages = await running.shift()!
    launch()
    for (const page of pages) {
      const records = page.records.slice(0, from.wanted - fetched)
      fetched += records.length
      request.onPage?.({fetched, total: from.total})
      yield {records, body: page.body}
      if (fetched >= from.wanted) return
    }
  }
}

async function* byOffset(client: ApiClient, request: ListRequest, wanted: number): AsyncGenerator<ListPage> {
  const start = request.offset ?? 0
  const first = await fetchPage(client, request, {offset: start}, Math.min(maxPageSize, wanted))
  let fetched = Math.min(first.records.length, wanted)
  request.onPage?.({fetched, total: first.total})
  // An endpoint that ignores `limit` (`/webhook/events`) answered everything: show all of it.
  yield {records: first.records.length > first.size ? first.records : first.records.slice(0, wanted), body: first.body}
  if (isLast(first)) return

  const end = first.total === undefined ? start + wanted : Math.min(start + wanted, first.total)
  let nextOffset = start + first.size
  const inFlight: Array<Promise<Page>> = []
  const launch = () => {
    while (inFlight.length < (first.total === undefined ? 1 : pagesInFlight) && nextOffset < end) {
      const size = Math.min(maxPageSize, end - nextOffset)
      inFlight.push(fetchPage(client, request, {offset: nextOffset}, size))
      nextOffset += size
    }
  }

  launch()
  while (inFlight.length > 0) {
    const page = await inFlight.shift()!
    fetched += page.records.length
    request.onPage?.({fetched, total: first.total})
    yield {records: page.records, body: page.body}
    // The list changed under us, or ignores offsets: what is still in flight would only repeat or skip.
    if (isLast(page)) return
    launch()
  }
}

/** The list page by page, for callers that need what came beside the records (`include=` sideloads). */
export function listPages(client: ApiClient, request: ListRequest): AsyncGenerator<ListPage> {
  const wanted = request.all ? Number.POSITIVE_INFINITY : (request.limit ?? 20)
  const canGoById = request.byIdGreater && !Object.keys(request.query ?? {}).some((key) => key.startsWith('orders['))
  return canGoById ? byIdGreater(client, request, wanted) : byOffset(client, request, wanted)
}

export async function* listRecords(client: ApiClient, request: ListRequest): AsyncGenerator<DataRecord> {
  for await (const page of listPages(client, request)) yield* page.records
}
