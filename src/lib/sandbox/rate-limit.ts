// The account's request budget: a token bucket (N requests a second, burst of N) shared by
// every caller, and sliding-window quotas for /import/bulk_import's own limits.

export class TokenBucket {
  private tokens: number
  private updatedAt = Date.now()

  constructor(private perSecond: number) {
    this.tokens = perSecond
  }

  get limit(): number {
    return this.perSecond
  }

  /** Changes the rate; the bucket starts full again. */
  setRate(perSecond: number): void {
    this.perSecond = perSecond
    this.tokens = perSecond
    this.updatedAt = Date.now()
  }

  private refill(): void {
    const now = Date.now()
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond)
    this.updatedAt = now
  }

  /** Takes one request's token; false when the bucket is empty. */
  take(): boolean {
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  remaining(): number {
    this.refill()
    return Math.floor(this.tokens)
  }

  /** Whole seconds until the next token (at least 1). */
  retryAfterSeconds(): number {
    this.refill()
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond))
  }
}

export class WindowQuota {
  private readonly times: number[] = []

  constructor(readonly limit: number, readonly windowMs: number) {}

  take(now: number = Date.now()): boolean {
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift()
    if (this.times.length >= this.limit) return false
    this.times.push(now)
    return true
  }
}
