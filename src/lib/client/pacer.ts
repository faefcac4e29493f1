// One pacing budget per process: every request of `ac`, whatever command or page issued it,
// takes a turn here first, so that a bulk job stays under the account's 5 req/s instead of
// tripping 429s and waiting them out.
//
// Turns are spaced evenly (1/rate apart), and no turn starts less than a window (plus a
// margin) after the turn `rate` places before it *actually* started: a timer that
// fires late cannot squeeze a sixth request into someone's one-second window.
//
// The same budget over a longer window serves quotas like the importer's 100 requests a
// minute; there turns are not spread over the window (`spread: false`), or 40 imports
// would take 24 s where the 5 req/s budget allows 8.

const timers = {sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))}
// Between taking a turn here and the request reaching the server lie got's own work and
// the network: on a loaded machine tens of ms, more for one request than the next.
const marginMs = 30

export class Pacer {
  private queue: Promise<void> = Promise.resolve()
  private readonly started: number[] = []
  private holdUntilTime = 0

  /** How many may start within one window. */
  private readonly perWindow: number
  private readonly windowMs: number
  private readonly spread: boolean

  /** `rate` turns per window (a second unless told); 0 or less turns pacing off. */
  constructor(
    private readonly rate: number,
    options: {windowMs?: number; spread?: boolean} = {},
  ) {
    this.perWindow = Math.max(1, Math.floor(rate))
    this.windowMs = options.windowMs ?? 1000
    this.spread = options.spread ?? true
  }

  /** The even spacing between turns (0 when not spread). */
  get interval(): number {
    return this.rate > 0 && this.spread ? this.windowMs / this.rate : 0
  }

  /** Resolves when this caller may send; callers are served in the order they asked. */
  take(): Promise<void> {
    if (this.rate <= 0) return Promise.resolve()
    const turn = this.queue.then(async () => {
      const last = this.started.at(-1)
      const windowStart = this.started.length >= this.perWindow ? this.started[this.started.length - this.perWindow] : undefined
      const earliest = Math.max(
        this.holdUntilTime,
        last === undefined ? 0 : last + this.interval,
        windowStart === undefined ? 0 : windowStart + this.windowMs + marginMs,
      )
      const wait = earliest - Date.now()
      if (wait > 0) await timers.sleep(wait)
      this.started.push(Date.now())
      if (this.started.length > this.perWindow) this.started.shift()
    })
    this.queue = turn
    return turn
  }

  /** The server said to wait (429 Retry-After): nobody in this process sends before then. */
  holdUntil(time: number): void {
    this.holdUntilTime = Math.max(this.holdUntilTime, time)
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
