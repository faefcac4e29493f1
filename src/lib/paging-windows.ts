import type {Query} from './client/client.js'
import type {DataRecord} from './output/cells.js'

// Contacts past the first page, in windows of ids fetched side by side (each by `id_greater`
// within its window, since a page needs the last id of the one before), streamed in id order.
//
// The window being printed yields each page as it lands. Windows ahead keep fetching, but
// each holds a bounded number of pages: a window whose buffer is full asks for nothing until
// the printer takes a page. So memory stays a few pages whatever the list's length, while
// enough windows fetch to keep the pacer busy at 300 ms (or 600 ms) of latency.

export const maxPageSize = 100
/** Windows started and not yet printed, the one printing included: the windows side by side. */
const windowsAhead = 4
/** Pages a contacts id window is sized for: small enough that waiting windows hold little. */
const pagesPerWindow = 4
/** Records a window is sized for. A list with no more than this left gains nothing from windows. */
export const windowRecords = pagesPerWindow * maxPageSize

/**
 * Pages a window may hold, by how far it is from printing. The one printing: 2 (only a slow
 * stdout lets them pile up). The next two: a whole window, so that each is ready to print
 * when its turn comes. The last: 2, unless every window left has started (the tail of the
 * list): then nothing else would keep the pacer busy.
 */
function pagesHeld(distance: number, tail: boolean): number {
  if (distance === 0) return 2
  return distance < windowsAhead - 1 || tail ? pagesPerWindow : 2
}

export interface Page {
  records: DataRecord[]
  /** The whole answer, with its `include=` sideloads. */
  body: unknown
  total?: number
  /** Asked for this many: a page holding fewer is the last, one holding more ignored `limit`. */
  size: number
}

/** The page is the list's last: short, or an endpoint that ignores `limit` and answers everything. */
export function isLast(page: Page): boolean {
  return page.records.length !== page.size
}

/** `priority`: how soon the page is printed (its window), lower first when requests wait for the pacer. */
export type FetchPage = (query: Query, size: number, priority?: number) => Promise<Page>

/** Where the windows start and end, and the first window's first page if it is already asked. */
export interface Ahead {
  /** Ids above this one. */
  after: number
  /** The highest id, windows end there. */
  highest: Promise<number>
  /** `id_greater` after, unbounded above: the first window's first page. */
  lead?: Promise<Page>
}

/**
 * After a big first page in id order (under --limit or --offset), the highest id and the next
 * page, sent together the moment it lands (before it is printed): neither needs the other, so
 * the pacer is not left waiting for the highest id before the windows' first page can go.
 */
export function lookAhead(fetch: FetchPage, after: number): Ahead {
  const highest = fetch({'orders[id]': 'DESC'}, 1).then((top) => Number(top.records[0]?.id))
  // Awaited only once the windows start; a failure meanwhile must not surface as unhandled.
  highest.catch(() => {})
  return {after, highest, lead: fetch({'orders[id]': 'ASC', id_greater: after}, maxPageSize)}
}

interface Window {
  index: number
  after: number
  until: number
  /** Landed and cut to the window, not yet yielded. */
  pages: Page[]
  started: boolean
  /** Its fetching loop has ended (done, stopped or failed). */
  ended: boolean
  error?: unknown
  /** Records landed so far. */
  got: number
  /** Records it holds, once an answer said (or it ended). */
  count?: number
  /** The printer waits for a page of this window. */
  wake?: () => void
  /** The window's loop waits for room in its buffer. */
  room?: () => void
}

/**
 * Everything in (after, highest], window by window, each page as soon as it may be printed.
 * `left` is how many records that holds (meta.total less what was seen), `wanted` of them.
 */
export async function* inIdWindows(fetch: FetchPage, ahead: Ahead, from: {left: number; wanted: number}): AsyncGenerator<Page> {
  const highest = await ahead.highest
  if (!(highest > ahead.after)) return
  // Windows as wide as pagesPerWindow full pages would be at the ids' density so far.
  const width = Math.max(1, Math.ceil((windowRecords * (highest - ahead.after)) / Math.max(1, from.left)))
  const windows: Window[] = []
  for (let start = ahead.after; start < highest; start += width) {
    windows.push({index: windows.length, after: start, until: Math.min(start + width, highest), pages: [], started: false, ended: false, got: 0})
  }

  let closed = false
  let printing = 0
  /** The first window that failed: those after it stop, those before it finish and print. */
  let failed = Number.POSITIVE_INFINITY
  const wanted = from.wanted

  /** Records still wanted from window `index`: unbounded until every window before it is counted. */
  const need = (index: number): number => {
    let before = 0
    for (let at = 0; at < index; at++) {
      const count = windows[at].count
      if (count === undefined) return Number.POSITIVE_INFINITY
      before += count
    }

    return wanted - before - windows[index].got
  }

  const land = (window: Window, page: Page) => {
    window.pages.push(page)
    window.got += page.records.length
    window.wake?.()
  }

  /**
   * One answer of a window, landed: what its next request needs, and nothing of the page. The
   * page lives in this call's frame only: a frame of `run` would keep it (a suspended async
   * function's registers are not cleared) while the next request waits for the pacer, long
   * enough for V8 to promote it out of the young generation, page after page.
   */
  const landed = async (window: Window, lead: Promise<Page> | undefined, cursor: number, size: number, left: number | undefined): Promise<{left?: number; next?: number}> => {
    const bounded = lead === undefined
    // Paced, the page printed soonest goes first (its window's index), so pages ahead do not
    // wait in memory; the last windows of the list share one priority (served in the order
    // asked, side by side): they finish together, not the last one alone, a round trip a page.
    const priority = Math.min(window.index, windows.length - windowsAhead)
    const page = await (lead ?? fetch({'orders[id]': 'ASC', id_greater: cursor, id_less: window.until + 1}, size, priority))
    if (closed) return {left}
    // The lead page went unbounded: what lies past this window is the next one's.
    const records = bounded ? page.records : page.records.filter((record) => Number(record.id) <= window.until)
    if (bounded && page.total !== undefined) left ??= page.total
    if (left !== undefined) left -= records.length
    land(window, {...page, records})
    if (left !== undefined) window.count = window.got + left
    const nextId = Number(page.records.at(-1)?.id)
    const more = !(isLast(page) || records.length < page.records.length || !(nextId > cursor) || left === 0)
    return {left, next: more ? nextId : undefined}
  }

  // One window: its pages in turn. Its first bounded answer's meta.total says how many it holds,
  // so its last page is asked at its exact size and no empty page is fetched to learn it is done.
  const run = async (window: Window, first?: Promise<Page>) => {
    let cursor = window.after
    let left: number | undefined
    try {
      for (;;) {
        while (!closed && window.pages.length >= pagesHeld(window.index - printing, windows.at(-1)!.started)) await new Promise<void>((resolve) => (window.room = resolve))
        const size = Math.min(maxPageSize, left ?? maxPageSize, need(window.index))
        if (closed || size <= 0 || window.index > failed) return
        const lead = first
        first = undefined
        const step = await landed(window, lead, cursor, size, left)
        if (closed) return
        left = step.left
        if (step.next === undefined) return
        cursor = step.next
      }
    } catch (error) {
      window.error = error
      failed = Math.min(failed, window.index)
    } finally {
      window.ended = true
      window.count = window.got
      window.wake?.()
      start()
    }
  }

  /** Under --limit: the windows before this one hold (or, not yet counted, should hold) enough. */
  const enoughBefore = (index: number): boolean => {
    let before = 0
    for (let at = 0; at < index; at++) before += windows[at].count ?? windowRecords
    return before >= wanted
  }

  // Windows start in order, as many ahead as allowed, and only while those before them may
  // fall short of what is wanted. The window printing has all its pages: the next one starts
  // now, not once they are printed.
  const start = () => {
    const end = Math.min(windows.length, printing + windowsAhead + (windows[printing]?.ended ? 1 : 0))
    for (let index = printing; index < Math.min(end, failed + 1) && !closed; index++) {
      const window = windows[index]
      if (window.started) continue
      if (index > printing && enoughBefore(index)) return
      window.started = true
      void run(window, index === 0 ? ahead.lead : undefined)
      if (index === windows.length - 1) for (const other of windows.slice(printing)) other.room?.()
    }
  }

  try {
    for (; printing < windows.length; printing++) {
      // One window closer to printing: each window ahead may hold more.
      for (const window of windows.slice(printing, printing + windowsAhead + 1)) window.room?.()
      start()
      const window = windows[printing]
      for (;;) {
        const page = window.pages.shift()
        if (page) {
          window.room?.()
          yield page
          continue
        }

        if (window.error !== undefined) throw window.error
        if (window.ended) break
        await new Promise<void>((resolve) => (window.wake = resolve))
      }
    }
  } finally {
    closed = true
    for (const window of windows) window.room?.()
  }
}
