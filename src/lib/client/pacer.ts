// One pacing budget per process: every request of `ac`, whatever command or page issued it,
// takes a turn here first, so that a bulk job stays under the account's 5 req/s instead of
// tripping 429s and waiting them out. With a SharedBudget the turns are booked among every
// ac process on the machine that uses the same account.
//
// Turns are spaced evenly (1/rate apart), and no turn starts less than a window (plus a
// margin) after the turn `rate` places before it *actually* started: a timer that fires
// late, or a request that leaves late (`Turn.sent()`), cannot squeeze a sixth request into
// someone's one-second window.
//
// The same budget over a longer window serves quotas like the importer's 100 requests a
// minute; there turns are not spread over the window (`spread: false`), or 40 imports
// would take 24 s where the 5 req/s budget allows 8.

import type {SharedBudget} from './budget.js'

const timers = {sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))}
// Between taking a turn here and the request reaching the server lie got's own work and
// the network: on a loaded machine tens of ms, more for one request than the next.
const marginMs = 30
// A 429 says the margin was too thin for this machine and network (a loaded CI box stalls
// either end for tens of ms): each one widens it, up to a point. One second lost to a
// Retry-After costs more than a slightly slower pace.
const marginStepMs = 20
const maxMarginMs = 150
// Another process's turn may reach the server later than it was booked (its start-up, its
// own load): count its window from a little further on.
const otherProcessMarginMs = 100
/** How far a run of 429s from someone else's traffic slows us: down to a fifth of the rate. */
const slowest = 5

/** A caller's turn; `sent()` moves its start to when the request really left. */
export interface Turn {
  sent(): void
}

const noTurn: Turn = {sent() {}}

export class Pacer {
  /** Callers waiting for a turn, in the order they asked. */
  private readonly waiting: Array<{priority: number; resolve: (turn: Turn) => void; reject: (error: unknown) => void}> = []
  private granting = false
  /** The shared budget could not be booked: no turn is granted any more. */
  private failed?: {error: unknown}
  /** When the last turns started: granted, then moved to when each request really went out. */
  private readonly started: Array<{at: number}> = []
  private holdUntilTime = 0
  private margin = marginMs
  private budget?: SharedBudget
  /** 1 at full pace; more after 429s, back to 1 as answers succeed. */
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

  /** An answer that was not a 429: creep back towards the full pace and the usual margin (a stall passes). */
  recover(): void {
    if (this.slowness > 1) this.slowness = Math.max(1, this.slowness * 0.95)
    if (this.margin > marginMs) this.margin = Math.max(marginMs, this.margin - 1)
  }

  /** The earliest a turn may start, by the turns before it (this process's, or every process's). */
  private earliest(starts: number[], holdUntil: number, pids?: number[]): number {
    const last = starts.at(-1)
    const at = starts.length - this.perWindow
    const windowStart = at >= 0 ? starts[at] : undefined
    const margin = pids && pids[at] !== process.pid ? Math.max(this.margin, otherProcessMarginMs) : this.margin
    return Math.max(
      holdUntil,
      last === undefined ? 0 : last + this.interval,
      windowStart === undefined ? 0 : windowStart + this.windowMs + margin,
    )
  }

  /**
   * Resolves when this caller may send. Turns come when they would in the order asked; each
   * goes, when it comes, to the lowest `priority` waiting (the order asked among equals). A
   * list's pages ask by how soon they are printed: the page printed next takes the turn a
   * page printed later asked for first, so fewer pages wait in memory for their turn to print.
   */
  take(priority = 0): Promise<Turn> {
    if (this.rate <= 0) return Promise.resolve(noTurn)
    if (this.failed) return Promise.reject(this.failed.error)
    const turn = new Promise<Turn>((resolve, reject) => this.waiting.push({priority, resolve, reject}))
    if (!this.granting) {
      this.granting = true
      void this.grant()
    }

    return turn
  }

  /** One turn after another while callers wait: the slot first, then who gets it. */
  private async grant(): Promise<void> {
    while (this.waiting.length > 0) {
      let slot = this.earliest(
        this.started.map((start) => start.at),
        this.holdUntilTime,
      )
      if (this.budget) {
        const local = slot
        // Booked among every process's turns: the slot is ours once written.
        try {
          slot = await this.budget.update((turns) => {
            const booked = Math.max(local, Date.now(), this.earliest(turns.starts, turns.holdUntil, turns.pids))
            turns.starts.push(booked)
            turns.pids.push(process.pid)
            const excess = Math.max(0, turns.starts.length - this.perWindow * 2)
            turns.starts.splice(0, excess)
            turns.pids.splice(0, excess)
            return booked
          })
        } catch (error) {
          // A budget that cannot be booked fails this turn and every one after it.
          this.failed = {error}
          for (const waiter of this.waiting.splice(0)) waiter.reject(error)
          break
        }
      }

      const wait = slot - Date.now()
      if (wait > 0) await timers.sleep(wait)
      const start = {at: Date.now()}
      this.started.push(start)
      if (this.started.length > this.perWindow * 2) this.started.shift()
      this.next().resolve({sent: () => this.moved(start, slot)})
    }

    this.granting = false
  }

  /** The caller whose turn it is: the lowest priority, the first asked among equals. */
  private next(): {resolve: (turn: Turn) => void; reject: (error: unknown) => void} {
    let best = 0
    for (let index = 1; index < this.waiting.length; index++) if (this.waiting[index].priority < this.waiting[best].priority) best = index
    const [waiter] = this.waiting.splice(best, 1)
    return waiter
  }

  /** A busy process may send a granted request late: the turns after it count from when it really left. */
  private moved(start: {at: number}, slot: number): void {
    const now = Date.now()
    start.at = Math.max(start.at, now)
    if (!this.budget || now <= slot + 5) return
    void this.budget
      .update((turns) => {
        const index = turns.starts.findIndex((at, position) => at === slot && turns.pids[position] === process.pid)
        if (index < 0) return
        turns.starts.splice(index, 1)
        turns.pids.splice(index, 1)
        const to = turns.starts.findIndex((at) => at > now)
        turns.starts.splice(to < 0 ? turns.starts.length : to, 0, now)
        turns.pids.splice(to < 0 ? turns.pids.length : to, 0, process.pid)
      })
      .catch(() => {})
  }

  /**
   * The server said to wait (429 Retry-After): nobody in this process (or sharing its budget)
   * sends before then, later turns keep a wider margin, and the pace drops for a while in
   * case someone else (another machine, the account's integrations) spends the budget too.
   */
  holdUntil(time: number): void {
    this.holdUntilTime = Math.max(this.holdUntilTime, time)
    this.margin = Math.min(maxMarginMs, this.margin + marginStepMs)
    this.slowness = Math.min(slowest, this.slowness * 1.5)
    void this.budget
      ?.update((turns) => {
        turns.holdUntil = Math.max(turns.holdUntil, time)
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
