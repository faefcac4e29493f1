// Injected failures: matched in order against an incoming /api/3 request's method and path
// before normal handling, each used `times` times (default 1).

export interface Fault {
  method?: string
  /** Below /api/3 (a leading /api/3 is ignored): exact, or with `*` matching one segment; `*` alone matches any path. */
  path?: string
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** Destroy the socket without answering. */
  reset?: boolean
  delayMs?: number
  times?: number
}

function segments(path: string): string[] {
  return path.split('?')[0].replace(/^\/api\/3(?=\/|$)/, '').split('/').filter(Boolean)
}

function pathMatches(pattern: string | undefined, path: string): boolean {
  if (pattern === undefined || pattern === '*') return true
  const wanted = segments(pattern)
  const actual = segments(path)
  return wanted.length === actual.length && wanted.every((segment, index) => segment === '*' || segment === actual[index])
}

export class FaultQueue {
  private pending: Array<{fault: Fault; left: number}> = []

  add(...faults: Fault[]): void {
    for (const fault of faults) this.pending.push({fault, left: fault.times ?? 1})
  }

  clear(): void {
    this.pending = []
  }

  /** The first fault matching the request, one use of it spent. */
  take(method: string, path: string): Fault | undefined {
    const index = this.pending.findIndex(({fault}) =>
      (fault.method === undefined || fault.method.toUpperCase() === method) && pathMatches(fault.path, path))
    if (index < 0) return undefined
    const entry = this.pending[index]
    entry.left -= 1
    if (entry.left <= 0) this.pending.splice(index, 1)
    return entry.fault
  }
}
