// Injected failures, checked before normal handling of each /api/3 request. Two sorts:
// - one-off faults (`{path, status, times}`): a queue, matched in order, each used `times` times;
// - standing rules (`{kind, rate}` or `{kind, every}`): a fraction of matching requests, or
//   every Nth one, misbehave the way the real API does on a bad day. Rates draw from a seeded
//   PRNG so that a run can be repeated exactly (same seed, same requests in the same order).
// A rule is written as JSON (the control API, `configure`) or as a compact SPEC string (the
// `ac sandbox start --faults` flag): `429:0.1,reset-after:every=7@POST,truncated:5%@GET,seed=42`.

import {STATUS_CODES} from 'node:http'

/** What a fault can do. `reset-after` acts first (the record is written) and then drops the connection. */
export const FAULT_KINDS = ['429', '502', '503', '504', '403', 'reset-before', 'reset-after', 'slow', 'hang', 'truncated', 'malformed'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

export interface Fault {
  method?: string
  /** Below /api/3 (a leading /api/3 is ignored): exact, or with `*` matching one segment; `*` alone matches any path. */
  path?: string
  /** A named misbehaviour; without it, status/body/headers/reset/delayMs say what to do. */
  kind?: FaultKind
  /** A standing rule: this fraction (0..1) of matching requests. */
  rate?: number
  /** A standing rule: every Nth matching request (the Nth, 2Nth, ...). */
  every?: number
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** Destroy the socket without answering (before acting). */
  reset?: boolean
  /** `slow`: how long to wait before acting (default 2000). Other faults: wait this long first. */
  delayMs?: number
  /** `429`: the Retry-After seconds (default 1). */
  retryAfter?: number
  /** How many times it fires: one-off faults default to 1, standing rules to no limit. */
  times?: number
}

export interface FaultConfig {
  /** Seeds the PRNG that rates draw from; the same seed repeats the same faults. */
  seed?: number
  faults: Fault[]
}

/** What the server is to do with one request. */
export interface Injection {
  /** For the log: which fault fired. */
  kind: FaultKind | 'custom'
  delayMs?: number
  /** Answer this instead of acting. */
  answer?: {status: number; body?: unknown; headers?: Record<string, string>; omitContentType?: boolean}
  /** Drop the connection before acting, or after acting (the change is made, nobody hears of it). */
  reset?: 'before' | 'after'
  /** Never answer: the client's timeout must end it. */
  hang?: boolean
  /** Act, then spoil the answer's body. */
  spoil?: 'truncated' | 'malformed'
}

export interface FaultStats {
  seed: number
  /** Standing rules with how many requests each has seen and misbehaved on. */
  rules: Array<Fault & {seen: number; injected: number}>
  /** Injections so far by kind, one-off faults included. */
  injected: Partial<Record<FaultKind | 'custom', number>>
}

const DEFAULT_SLOW_MS = 2000
const badGatewayPage = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'

/** mulberry32: a tiny, good-enough seeded PRNG, so that a seed repeats a run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
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

const matches = (fault: Fault, method: string, path: string) =>
  (fault.method === undefined || fault.method.toUpperCase() === method) && pathMatches(fault.path, path)

/** A fault → what the server does. */
export function injectionOf(fault: Fault): Injection {
  const delay = fault.delayMs ? {delayMs: fault.delayMs} : {}
  switch (fault.kind) {
    case '429': return {kind: '429', ...delay, answer: {status: 429, body: {message: 'Too Many Requests'}, headers: {'Retry-After': String(fault.retryAfter ?? 1), ...fault.headers}}}
    case '502': return {kind: '502', ...delay, answer: {status: 502, body: badGatewayPage, headers: {'Content-Type': 'text/html'}}}
    case '504': return {kind: '504', ...delay, answer: {status: 504, body: badGatewayPage.replaceAll('502 Bad Gateway', '504 Gateway Time-out'), headers: {'Content-Type': 'text/html'}}}
    case '503': return {kind: '503', ...delay, answer: {status: 503, body: {message: 'Service Unavailable'}, headers: fault.headers}}
    // The real API's refusals come with no Content-Type at all (API-FACTS.md, "Auth").
    case '403': return {kind: '403', ...delay, answer: {status: 403, body: {message: 'You are not authorized to access this resource'}, omitContentType: true}}
    case 'reset-before': return {kind: 'reset-before', ...delay, reset: 'before'}
    case 'reset-after': return {kind: 'reset-after', ...delay, reset: 'after'}
    case 'slow': return {kind: 'slow', delayMs: fault.delayMs ?? DEFAULT_SLOW_MS}
    case 'hang': return {kind: 'hang', hang: true}
    case 'truncated': return {kind: 'truncated', ...delay, spoil: 'truncated'}
    case 'malformed': return {kind: 'malformed', ...delay, spoil: 'malformed'}
    default: {
      if (fault.reset) return {kind: 'custom', ...delay, reset: 'before'}
      if (fault.status === undefined && fault.body === undefined) return {kind: 'custom', ...delay}
      const status = fault.status ?? 500
      return {kind: 'custom', ...delay, answer: {status, body: fault.body ?? {message: STATUS_CODES[status] ?? 'Error'}, headers: fault.headers}}
    }
  }
}

/** The body text as a spoiling fault leaves it: cut in half, or with its first brace doubled (a JSON syntax error). */
export function spoilBody(text: string, how: 'truncated' | 'malformed'): string {
  if (how === 'truncated') return text.slice(0, Math.max(1, Math.floor(text.length / 2)))
  return text.startsWith('{') || text.startsWith('[') ? `${text[0]}{${text.slice(1)}` : `{${text}`
}

/** What is wrong with a fault, if anything (for the control API and the flag). */
export function faultProblem(fault: unknown): string | undefined {
  if (!fault || typeof fault !== 'object' || Array.isArray(fault)) return 'a fault must be an object'
  const f = fault as Record<string, unknown>
  if (f.kind !== undefined && !FAULT_KINDS.includes(f.kind as FaultKind)) return `unknown fault kind ${JSON.stringify(f.kind)} (one of ${FAULT_KINDS.join(', ')})`
  if (f.rate !== undefined && !(typeof f.rate === 'number' && f.rate >= 0 && f.rate <= 1)) return 'rate must be a number from 0 to 1'
  if (f.every !== undefined && !(Number.isInteger(f.every) && (f.every as number) >= 1)) return 'every must be a whole number, 1 or more'
  if (f.rate !== undefined && f.every !== undefined) return 'give rate or every, not both'
  for (const name of ['times', 'delayMs', 'retryAfter', 'status']) {
    const value = f[name]
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) return `${name} must be a number, 0 or more`
  }
  if (f.method !== undefined && typeof f.method !== 'string') return 'method must be a string'
  if (f.path !== undefined && typeof f.path !== 'string') return 'path must be a string'
  return undefined
}

/**
 * `429:0.1,reset-after:every=7@POST,truncated:5%@GET/contacts,slow:0.05,seed=42` → a FaultConfig.
 * Items: `KIND[:TRIGGER][@SCOPE]`, TRIGGER a fraction (`0.1`), a percentage (`10%`) or
 * `every=N` (default: every request); SCOPE a method, a path (`/contacts/*`) or both
 * (`POST/contacts`). Options: `seed=N`, `slow-ms=N`, `retry-after=SECONDS`.
 * Throws an Error naming the item that is wrong.
 */
export function parseFaultSpec(spec: string): FaultConfig {
  const config: FaultConfig = {faults: []}
  let slowMs: number | undefined
  let retryAfter: number | undefined
  const number = (text: string, item: string) => {
    if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`"${item}": ${text} is not a number`)
    return Number(text)
  }
  for (const raw of spec.split(',')) {
    const item = raw.trim()
    if (!item) continue
    const option = /^(seed|slow-ms|retry-after)=(.*)$/.exec(item)
    if (option) {
      const value = number(option[2], item)
      if (option[1] === 'seed') config.seed = value
      else if (option[1] === 'slow-ms') slowMs = value
      else retryAfter = value
      continue
    }
    const match = /^([a-z0-9-]+)(?::([^@]*))?(?:@([A-Za-z]*)(\/\S*)?)?$/.exec(item)
    if (!match) throw new Error(`"${item}" is not KIND[:RATE|every=N][@METHOD][/PATH]`)
    const [, kind, trigger, method, path] = match
    if (!FAULT_KINDS.includes(kind as FaultKind)) throw new Error(`"${item}": unknown fault ${kind} (one of ${FAULT_KINDS.join(', ')})`)
    const fault: Fault = {kind: kind as FaultKind}
    if (trigger === undefined || trigger === '') fault.rate = 1
    else if (trigger.startsWith('every=')) fault.every = number(trigger.slice(6), item)
    else if (trigger.endsWith('%')) fault.rate = number(trigger.slice(0, -1), item) / 100
    else fault.rate = number(trigger, item)
    if (method) fault.method = method.toUpperCase()
    if (path) fault.path = path
    const problem = faultProblem(fault)
    if (problem) throw new Error(`"${item}": ${problem}`)
    config.faults.push(fault)
  }
  for (const fault of config.faults) {
    if (fault.kind === 'slow' && slowMs !== undefined) fault.delayMs = slowMs
    if (fault.kind === '429' && retryAfter !== undefined) fault.retryAfter = retryAfter
  }
  return config
}

const isRule = (fault: Fault) => fault.rate !== undefined || fault.every !== undefined

export class FaultQueue {
  private pending: Array<{fault: Fault; left: number}> = []
  private rules: Array<{fault: Fault; seen: number; injected: number}> = []
  private seed = 1
  private random = mulberry32(1)
  private injected: FaultStats['injected'] = {}

  /** One-off faults join the queue; standing rules (with rate or every) join the rules. */
  add(...faults: Fault[]): void {
    for (const fault of faults) {
      if (isRule(fault)) this.rules.push({fault, seen: 0, injected: 0})
      else this.pending.push({fault, left: fault.times ?? 1})
    }
  }

  /** Replaces the standing rules (and reseeds); one-off faults stay queued. */
  configure(config: FaultConfig): void {
    this.rules = []
    this.injected = {}
    this.seed = config.seed ?? 1
    this.random = mulberry32(this.seed)
    this.add(...config.faults.map((fault) => (isRule(fault) ? fault : {...fault, rate: 1})))
  }

  clear(): void {
    this.pending = []
    this.rules = []
    this.injected = {}
    this.random = mulberry32(this.seed)
  }

  stats(): FaultStats {
    return {seed: this.seed, rules: this.rules.map(({fault, seen, injected}) => ({...fault, seen, injected})), injected: {...this.injected}}
  }

  /** What to do with this request: the first matching one-off fault (one use spent), else the first rule that fires. */
  take(method: string, path: string): Injection | undefined {
    const index = this.pending.findIndex(({fault}) => matches(fault, method, path))
    let chosen: Fault | undefined
    if (index >= 0) {
      const entry = this.pending[index]
      entry.left -= 1
      if (entry.left <= 0) this.pending.splice(index, 1)
      chosen = entry.fault
    } else {
      for (const rule of this.rules) {
        if (!matches(rule.fault, method, path)) continue
        if (rule.fault.times !== undefined && rule.injected >= rule.fault.times) continue
        rule.seen++
        // Rules are tried in order and draw only when they match: the same requests in the same order, the same faults.
        const fires = rule.fault.every === undefined ? this.random() < rule.fault.rate! : rule.seen % rule.fault.every === 0
        if (!fires) continue
        rule.injected++
        chosen = rule.fault
        break
      }
    }
    if (!chosen) return undefined
    const injection = injectionOf(chosen)
    this.injected[injection.kind] = (this.injected[injection.kind] ?? 0) + 1
    return injection
  }
}
