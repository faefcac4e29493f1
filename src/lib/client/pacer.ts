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

import type {SharedBudget} from './budget.js'

const timers = {sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))}
// Between taking a turn here and the request reaching the server lie got's own work and
// the network: on a loaded machine tens of ms, more for one request than the next.
const marginMs = 30
// Another process's turn may reach the server later than it was booked (its start-up, its
// own load): count its window from a little further on.
const otherProcessMarginMs = 100

/** How far a run of 429s from someone else's traffic slows us: down to a fifth of the rate. */
const slowest = 5

export class Pacer {
  private queue: Promise<void> = Promise.resolve()
  private readonly started: number[] = []
  private holdUntilTime = 0
  private budget?: SharedBudget
  /** 1 at full pace; more after 429s this process did not cause, back to 1 as answers succeed. */
  private slowness = 1

  private readonly windowMs: number
  private readonly spread: boolean

  /** `rate` turns per window (a second unless told); 0 or less turns pacing off. */
  constructor(
    private readonly rate: number,
    options: {windowMs?: number; spread?: boolean} = {},
  ) {
    this.windowMs = options.windowMs ?? 1000
    this.spread = options.spread ?? true
  }

  private get effectiveRate(): number {
    return this.rate / this.slowness
  }

  /** How many may start within one window. */
  private get perWindow(): number {
    return Math.max(1, Math.floor(this.effectiveRate))
  }

  /** The even spacing between turns (0 when not spread). */
  get interval(): number {
    return this.rate > 0 && this.spread ? this.windowMs / this.effectiveRate : 0
  }

  /** Share the budget with every other ac process on this machine that uses the same account. */
  share(budget: SharedBudget): void {
    if (this.rate > 0) this.budget = budget
  }

  /** A 429 we did not expect: someone else spends the budget too, so take less of it. */
  slowDown(): void {
    this.slowness = Math.min(slowest, this.slowness * 1.5)
  }

  /** An answer that was not a 429: creep back towards the full pace. */
  recover(): void {
    if (this.slowness > 1) this.slowness = Math.max(1, this.slowness * 0.95)
  }

  /** The earliest a turn may start, by the turns before it (this process's, or every process's). */
  private earliest(starts: number[], holdUntil: number, pids?: number[]): number {
    const last = starts.at(-1)
    const at = starts.length - this.perWindow
    const windowStart = at >= 0 ? starts[at] : undefined
    const margin = pids && pids[at] !== process.pid ? otherProcessMarginMs : marginMs
    return Math.max(
      holdUntil,
      last === undefined ? 0 : last + this.interval,
      windowStart === undefined ? 0 : windowStart + this.windowMs + margin,
    )
  }

  /** Resolves when this caller may send; callers are served in the order they asked. */
  take(): Promise<void> {
    if (this.rate <= 0) return Promise.resolve()
    const turn = this.queue.then(async () => {
      let start = this.earliest(this.started, this.holdUntilTime)
      if (this.budget) {
        // Reserve the turn among every process's: the slot is ours once written.
        start = await this.budget.update((shared) => {
          const slot = Math.max(start, Date.now(), this.earliest(shared.starts, shared.holdUntil, shared.pids))
          shared.starts.push(slot)
          shared.pids.push(process.pid)
          const excess = Math.max(0, shared.starts.length - this.perWindow * 2)
          shared.starts.splice(0, excess)
          shared.pids.splice(0, excess)
          return slot
        })
      }

      const wait = start - Date.now()
      if (wait > 0) await timers.sleep(wait)
      const now = Date.now()
      // A timer that fired late moves the turn: others count their window from when it really went.
      if (this.budget && now > start + 5) {
        await this.budget.update((shared) => {
          const index = shared.starts.findIndex((at, position) => at === start && shared.pids[position] === process.pid)
          if (index < 0) return
          // Moved later, it goes where its time now puts it.
          shared.starts.splice(index, 1)
          shared.pids.splice(index, 1)
          const now = Date.now()
          const to = shared.starts.findIndex((at) => at > now)
          shared.starts.splice(to < 0 ? shared.starts.length : to, 0, now)
          shared.pids.splice(to < 0 ? shared.pids.length : to, 0, process.pid)
        })
      }

      this.started.push(Date.now())
      if (this.started.length > this.perWindow) this.started.shift()
    })
    this.queue = turn
    return turn
  }

  /** The server said to wait (429 Retry-After): nobody in this process (or sharing its budget) sends before then. */
  holdUntil(time: number): void {
    this.holdUntilTime = Math.max(this.holdUntilTime, time)
    void this.budget
      ?.update((shared) => {
        shared.holdUntil = Math.max(shared.holdUntil, time)
      })
      .catch(() => {})
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
