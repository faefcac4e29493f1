import type {ApiClient, Query} from './client/client.js'
import {listOf, totalOf} from './envelope.js'
import type {DataRecord} from './output/cells.js'
import {inIdWindows, isLast, lookAhead, maxPageSize, type Page, windowRecords} from './paging-windows.js'

// One iterator over the pages of any list: `--limit`, `--offset` and `--all` mean the same
// everywhere. Records are yielded page by page, so output streams and memory stays flat.
//
// Offset paging knows every page's offset once the first answer gives `meta.total`, so it
// keeps a few requests in flight (the process pacer still holds them to 5 req/s): at 300 ms
// latency one-at-a-time would reach only 3.3 req/s. Contacts go by `id_greater` instead,
// which stays fast at any depth but needs each page's last id before asking for the next:
// so the id range is cut into windows, fetched side by side, each by `id_greater` within its
// window, streamed in order (src/lib/paging-windows.ts). `--all` asks the top page first
// (printed last): it gives the highest id and the count at once. Under --limit or --offset
// the first page is the lowest ids, and the highest id is one more request.

export {maxPageSize} from './paging-windows.js'
const pagesInFlight = 4

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

function fetchPage(client: ApiClient, request: ListRequest, query: Query, size: number, priority?: number): Promise<Page> {
  const page = client
    .request({method: 'GET', path: request.path, query: {...request.query, ...query, limit: size}, priority})
    .then(({body}) => ({records: listOf(body, request.responseKey, {method: 'GET', path: request.path}), body, total: totalOf(body), size}))
  // Awaited in order later; a failure meanwhile must not surface as an unhandled rejection.
  page.catch(() => {})
  return page
}

/** A page as the caller sees it: its records (cut to what was asked) and the answer they came in. */
export interface ListPage {
  records: DataRecord[]
  body: unknown
}

/** In id order from the first page on: --limit, --offset, and lists bounded by id_less. */
async function* inIdOrder(client: ApiClient, request: ListRequest, wanted: number): AsyncGenerator<ListPage> {
  let fetched = 0
  let lastId = Number(request.query?.id_greater ?? 0)
  // Each page's meta.total counts what is left above its id_greater: the first one is the whole.
  let total: number | undefined
  // --offset: the first page by offset (in id order), every later one by id_greater.
  let offset = request.offset
  const fetchMore = (query: Query, size: number, priority?: number) => fetchPage(client, request, query, size, priority)
  while (fetched < wanted) {
    const position = offset ? {offset} : {id_greater: lastId}
    const page = await fetchPage(client, request, {'orders[id]': 'ASC', ...position}, Math.min(maxPageSize, wanted - fetched))
    offset = undefined
    total ??= page.total === undefined ? undefined : page.total - (request.offset ?? 0)
    const records = page.records.slice(0, wanted - fetched)
    fetched += records.length
    const nextId = Number(page.records.at(-1)?.id)
    const more = !isLast(page) && nextId > lastId
    // More left than one window holds: worth a look at the highest id, to go on side by side
    // (with less, one window would page through it one request at a time all the same). Its
    // two requests leave now, before this page is printed.
    const wide = more && total !== undefined && Math.min(wanted, total) - fetched > windowRecords && request.query?.id_less === undefined
    const ahead = wide ? lookAhead(fetchMore, nextId) : undefined
    request.onPage?.({fetched, total})
    yield {records, body: page.body}
    if (!more) return
    lastId = nextId
    if (ahead) {
      for await (const inWindow of inIdWindows(fetchMore, ahead, {left: total! - fetched, wanted: wanted - fetched})) {
        const kept = inWindow.records.slice(0, wanted - fetched)
        fetched += kept.length
        request.onPage?.({fetched, total})
        yield {records: kept, body: inWindow.body}
        if (fetched >= wanted) return
      }

      return
    }
  }
}

/**
 * `--all`: the top page first (`orders[id]=DESC`), printed last. It holds the highest id and
 * the list's size, so the windows below it are known after one round trip and no request
 * more is spent on the highest id; a list of 100 or fewer is one request, as in id order.
 */
async function* fromTheTop(client: ApiClient, request: ListRequest): AsyncGenerator<ListPage> {
  const after = Number(request.query?.id_greater ?? 0)
  const fetchMore = (query: Query, size: number, priority?: number) => fetchPage(client, request, query, size, priority)
  const top = await fetchPage(client, request, {'orders[id]': 'DESC', id_greater: after}, maxPageSize)
  const descending = top.records.every((record, index, all) => index === 0 || Number(all[index - 1].id) > Number(record.id))
  // An answer not in the order asked for says nothing of the highest id: start again in id order.
  if (!descending && !isLast(top)) {
    yield* inIdOrder(client, request, Number.POSITIVE_INFINITY)
    return
  }

  const topRecords = [...top.records].sort((a, b) => Number(a.id) - Number(b.id))
  const {total} = top
  const lowest = Number(topRecords[0]?.id)
  let below = total === undefined ? undefined : total - top.records.length
  let fetched = 0
  const page = function* (records: DataRecord[], body: unknown): Generator<ListPage> {
    fetched += records.length
    request.onPage?.({fetched, total})
    yield {records, body}
  }

  if (!isLast(top) && below !== 0 && lowest > after + 1) {
    if (below !== undefined && below > windowRecords) {
      const windows = inIdWindows(fetchMore, {after, highest: Promise.resolve(lowest - 1)}, {left: below, wanted: Number.POSITIVE_INFINITY})
      // Page by page through a frame of its own, as in listRecords: none is kept while the next is awaited.
      const next = async function* (): AsyncGenerator<ListPage, boolean> {
        const step = await windows.next()
        if (step.done) return false
        yield* page(step.value.records, step.value.body)
        return true
      }

      try {
        while (yield* next()) {
          // One page at a time.
        }
      } finally {
        await windows.return(undefined)
      }
    } else {
      // One window's worth or less below the top page: in id order, one page after another.
      for (let cursor = after; ; ) {
        const next = await fetchMore({'orders[id]': 'ASC', id_greater: cursor, id_less: lowest}, Math.min(maxPageSize, below ?? maxPageSize))
        // Read before the page is passed on: listRecords empties it once printed.
        if (below !== undefined) below -= next.records.length
        const nextId = Number(next.records.at(-1)?.id)
        const last = isLast(next) || below === 0 || !(nextId > cursor)
        yield* page(next.records, next.body)
        if (last) break
        cursor = nextId
      }
    }
  }

  yield* page(topRecords, top.body)
}

async function* byOffset(client: ApiClient, request: ListRequest, wanted: number): AsyncGenerator<ListPage> {
  const start = request.offset ?? 0
  const first = await fetchPage(client, request, {offset: start}, Math.min(maxPageSize, wanted))
  let fetched = Math.min(first.records.length, wanted)
  request.onPage?.({fetched, total: first.total})
  // Read before the page is passed on: listRecords empties it once printed.
  const firstIsLast = isLast(first)
  // An endpoint that ignores `limit` (`/webhook/events`) answered everything: show all of it.
  yield {records: first.records.length > first.size ? first.records : first.records.slice(0, wanted), body: first.body}
  if (firstIsLast) return

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
    const last = isLast(page)
    yield {records: page.records, body: page.body}
    // The list changed under us, or ignores offsets: what is still in flight would only repeat or skip.
    if (last) return
    launch()
  }
}

// The generator itself, not one delegating to it: `yield*` in an async generator keeps the
// last page it passed on while the next is awaited.
function byIdGreater(client: ApiClient, request: ListRequest, wanted: number): AsyncGenerator<ListPage> {
  const all = wanted === Number.POSITIVE_INFINITY && !request.offset && request.query?.id_less === undefined
  return all ? fromTheTop(client, request) : inIdOrder(client, request, wanted)
}

/** The list page by page, for callers that need what came beside the records (`include=` sideloads). */
export function listPages(client: ApiClient, request: ListRequest): AsyncGenerator<ListPage> {
  const wanted = request.all ? Number.POSITIVE_INFINITY : (request.limit ?? 20)
  const canGoById = request.byIdGreater && !Object.keys(request.query ?? {}).some((key) => key.startsWith('orders['))
  return canGoById ? byIdGreater(client, request, wanted) : byOffset(client, request, wanted)
}

/**
 * The next page's records, passed on; false once there are no more pages. The page lives in
 * this generator's frame, which is gone before the page after it is awaited: in the frame of a
 * `for await` loop it would stay (a suspended generator keeps its registers) while the pacer
 * waits for the next turn, long enough for V8 to promote it out of the young generation.
 */
async function* recordsOfNext(pages: AsyncIterator<ListPage>): AsyncGenerator<DataRecord, boolean> {
  const step = await pages.next()
  if (step.done) return false
  const {records} = step.value
  yield* records
  // Printed: the array is emptied, so that what still points at it lets its records go. The
  // promises and frames that carried the page here were made when its request was asked, and
  // waited for the pacer long enough to be in V8's old generation: dead, they still keep what
  // they point at through every young collection until the next full one.
  records.length = 0
  return true
}

export async function* listRecords(client: ApiClient, request: ListRequest): AsyncGenerator<DataRecord> {
  const pages = listPages(client, request)
  try {
    while (yield* recordsOfNext(pages)) {
      // One page at a time, none kept.
    }
  } finally {
    // Stopped early (an output error, --limit reached by the caller): the windows stop fetching, as a `for await` would.
    await pages.return(undefined)
  }
}
