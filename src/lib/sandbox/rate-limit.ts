// The account's request budget: a sliding window (at most N requests in any second) shared
// by every caller, and sliding-window quotas for /import/bulk_import's own limits.

export class WindowQuota {
  /** Arrival times of the requests still inside the window, oldest first. */
  private readonly times: number[] = []

  constructor(public limit: number, readonly windowMs: number) {}

  private expire(now: number): void {
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift()
  }

  /** Changes the limit; the window starts empty again. */
  setLimit(limit: number): void {
    this.limit = limit
    this.times.length = 0
  }

  /** Whether a request would be let through now, without counting it. */
  available(now: number = Date.now()): boolean {
    this.expire(now)
    return this.times.length < this.limit
  }

  /** Counts one request; false (and not counted) when the window is full. */
  take(now: number = Date.now()): boolean {
    if (!this.available(now)) return false
    this.times.push(now)
    return true
  }

  remaining(now: number = Date.now()): number {
    this.expire(now)
    return Math.max(0, this.limit - this.times.length)
  }

  /** Whole seconds until a request would be let through again (at least 1). */
  retryAfterSeconds(now: number = Date.now()): number {
    this.expire(now)
    if (this.times.length < this.limit) return 1
    const freeAt = this.times[this.times.length - this.limit] + this.windowMs
    return Math.max(1, Math.ceil((freeAt - now) / 1000))
  }
}

/** The real API counts whole seconds; so does the sandbox (ac's pacer leaves its own margin). */
export const RATE_WINDOW_TOLERANCE_MS = 0

/** The general limit: N requests in any 1000 ms window (less the tolerance above). */
export class RateLimiter extends WindowQuota {
  constructor(perSecond: number) {
    super(perSecond, 1000 - RATE_WINDOW_TOLERANCE_MS)
  }
}
