// One pacing budget per process: every request of `ac`, whatever command or page issued it,
// takes a slot here first, so that a bulk job stays under the account's 5 req/s instead of
// tripping 429s and waiting them out.

const timers = {sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))}

export class Pacer {
  private nextSlot = 0

  /** `perSecond` 0 or less turns pacing off. */
  constructor(private readonly perSecond: number) {}

  get interval(): number {
    return this.perSecond > 0 ? 1000 / this.perSecond : 0
  }

  /** Resolves when this caller may send; callers are served in the order they asked. */
  async take(): Promise<void> {
    if (this.interval === 0) return
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + this.interval
    if (slot > now) await timers.sleep(slot - now)
  }

  /** The server said to wait (429 Retry-After): nobody in this process sends before then. */
  holdUntil(time: number): void {
    this.nextSlot = Math.max(this.nextSlot, time)
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
