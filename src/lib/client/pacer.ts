// One pacing budget per process: every request of `ac`, whatever command or page issued it,
// takes a turn here first, so that a bulk job stays under the account's 5 req/s instead of
// tripping 429s and waiting them out.
//
// Turns are spaced evenly (1/rate apart), and no turn starts less than a second (plus a
// margin) after the turn `rate` places before it *actually* started: a timer that
// fires late cannot squeeze a sixth request into someone's one-second window.

const timers = {sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))}
const windowMs = 1000
// Between taking a turn here and the request reaching the server lie got's own work and
// the network: on a loaded machine tens of ms, more for one request than the next.
const marginMs = 30
// A 429 says the margin was too thin for this machine and network (a loaded CI box stalls
// either end for tens of ms): each one widens it, up to a point. One second lost to a
// Retry-After costs more than a slightly slower pace.
const marginStepMs = 20
const maxMarginMs = 150

/** A caller's turn; `sent()` moves its start to when the request really left (see the margin above). */
export interface Turn {
  sent(): void
}

const noTurn: Turn = {sent() {}}

export class Pacer {
  private queue: Promise<unknown> = Promise.resolve()
  /** When the last `perWindow` turns started: granted, then moved to when each request really went out. */
  private readonly started: Array<{at: number}> = []
  private holdUntilTime = 0
  private margin = marginMs

  /** How many may start within one window. */
  private readonly perWindow: number

  /** `perSecond` 0 or less turns pacing off. */
  constructor(private readonly perSecond: number) {
    this.perWindow = Math.max(1, Math.floor(perSecond))
  }

  get interval(): number {
    return this.perSecond > 0 ? windowMs / this.perSecond : 0
  }

  /** Resolves when this caller may send; callers are served in the order they asked. */
  take(): Promise<Turn> {
    if (this.interval === 0) return Promise.resolve(noTurn)
    const turn = this.queue.then(async (): Promise<Turn> => {
      const last = this.started.at(-1)?.at
      const windowStart = this.started.length >= this.perWindow ? this.started[this.started.length - this.perWindow].at : undefined
      const earliest = Math.max(
        this.holdUntilTime,
        last === undefined ? 0 : last + this.interval,
        windowStart === undefined ? 0 : windowStart + windowMs + this.margin,
      )
      const wait = earliest - Date.now()
      if (wait > 0) await timers.sleep(wait)
      const start = {at: Date.now()}
      this.started.push(start)
      if (this.started.length > this.perWindow) this.started.shift()
      // A busy process may send a granted request late; the turns after it count from when it really left.
      return {sent: () => (start.at = Math.max(start.at, Date.now()))}
    })
    this.queue = turn
    return turn
  }

  /** The server said to wait (429 Retry-After): nobody in this process sends before then, and later turns keep a wider margin. */
  holdUntil(time: number): void {
    this.holdUntilTime = Math.max(this.holdUntilTime, time)
    this.margin = Math.min(maxMarginMs, this.margin + marginStepMs)
  }
}

export const sleep = timers.sleep

const defaultRate = 5
let shared: Pacer | undefined

/** The process-wide pacer. `AC_RATE_LIMIT` changes the rate (0 turns pacing off, for local servers that don't limit). */
export function processPacer(): Pacer {
  if (!shared) {
    const fromEnv = Number(process.env.AC_RATE_LIMIT)
    shared = new Pacer(process.env.AC_RATE_LIMIT !== undefined && Number.isFinite(fromEnv) ? fromEnv : defaultRate)
  }

  return shared
}
