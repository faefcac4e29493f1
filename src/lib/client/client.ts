import {AcError, ExitCode} from '../errors.js'
import {apiError} from './api-error.js'
import {describeNetworkError} from './network-errors.js'
import {changesState} from './methods.js'
import {SharedBudget} from './budget.js'
import {processPacer, sleep, type Pacer} from './pacer.js'
import {installInterruptHandling, parked, stopping} from '../interrupt.js'
import {exchange, notJson, type Answer} from './wire.js'

// The only code in `ac` that speaks HTTP. It never prints: `trace` (wired to --debug by the
// command base) receives one line per attempt, with the token nowhere in it.

export type QueryValue = string | number | boolean | undefined | Array<string | number>
export type Query = Record<string, QueryValue>

export interface ApiRequest {
  method: string
  /** Below /api/3: `/contacts/12`. */
  path: string
  query?: Query
  body?: unknown
  /** Extra headers (`ac api -H`); Api-Token, Accept and User-Agent are the client's own. */
  headers?: Record<string, string>
  /** Among requests waiting for a turn of the pacer, lower goes first (default 0): a list's next page to print. */
  priority?: number
}

export interface ApiResponse<T = unknown> {
  status: number
  body: T
  headers: Record<string, string | string[] | undefined>
  /** A dry run printed this request instead of sending it. */
  planned?: boolean
}

export interface ClientOptions {
  baseUrl: string
  token: string
  trace?: (line: string) => void
  /** Per attempt (--timeout, AC_TIMEOUT). Default 30 s. */
  timeoutMs?: number
  /** Attempts after the first (--retries, AC_RETRIES). Default 4. */
  retries?: number
  /** The first backoff; doubles each retry, at most 8 s (AC_RETRY_BASE_MS, for tests). Default 300. */
  retryBaseMs?: number
  pacer?: Pacer
  userAgent?: string
  /**
   * Dry run: a request that would change something goes here instead of the network, and
   * answers an empty 0 response. Reads (name look-ups) still go out: they change nothing.
   */
  plan?: (request: ApiRequest, url: string) => void
  /** Why every change is refused (`--read-only`, `AC_READ_ONLY=1`, a read-only profile); unset: changes allowed. */
  readOnly?: string
  /** At most this many requests that change something, per client (`--max-writes`). */
  maxWrites?: number
  /** Told of every request that changed (or tried to change) something, with its status (0: no answer). */
  audit?: (request: {method: string; path: string; status: number; body?: unknown}) => void
}

/** A change the guard rails refused before it was sent. */
export class RefusedWrite extends AcError {}

/**
 * A change that was sent, but whose outcome is unknown: the connection dropped, the gateway
 * failed or the answer was garbled after the server may have acted. Re-sending it blindly
 * could apply it twice; a job that knows the record's natural key looks it up instead.
 */
export class UncertainWrite extends AcError {}

const retryableStatus = new Set([429, 502, 503, 504])
/** Network failures after which the server may have acted on the request. */
const retryableNetwork = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'])
/** Failures where the request never reached the server: safe to retry even a POST. */
const neverSent = new Set(['ECONNREFUSED'])
const idempotent = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])
/**
 * POSTs that are upserts, so sending one twice leaves what sending it once does
 * (API-FACTS.md, "Semantics"): contact/sync and the bulk importer's batches by email,
 * contactTags and contactLists by their pair, custom-object records by externalId.
 */
const idempotentPosts = [/^\/contact\/sync$/, /^\/import\/bulk_import$/, /^\/contactTags$/, /^\/contactLists$/, /^\/customObjects\/records\/[^/]+$/]
/** A single Retry-After longer than this is not waited out: the job gives up instead. */
const MAX_RETRY_AFTER_MS = 60_000

/** Whether sending the request twice is as safe as sending it once. */
export function isIdempotent(method: string, path: string): boolean {
  return idempotent.has(method) || (method === 'POST' && idempotentPosts.some((pattern) => pattern.test(path.split('?')[0])))
}

export function queryString(query: Query | undefined): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else params.append(key, String(value))
  }

  const text = params.toString().replaceAll('%5B', '[').replaceAll('%5D', ']')
  return text ? `?${text}` : ''
}

function unexpected(message: string, hint?: string): AcError {
  return new AcError(message, {code: 'unexpected_response', exitCode: ExitCode.failure, hint})
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/** The default first wait between attempts; AC_RETRY_BASE_MS lowers it for tests. */
export const DEFAULT_RETRY_BASE_MS = 300

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export class ApiClient {
  readonly baseUrl: string
  private readonly token: string
  private readonly trace: (line: string) => void
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly retryBaseMs: number
  private readonly pacer: Pacer
  private readonly userAgent: string
  private readonly plan?: (request: ApiRequest, url: string) => void
  private readonly readOnly?: string
  private readonly maxWrites?: number
  private readonly audit?: ClientOptions['audit']
  /** Requests sent that change something: what --max-writes counts. */
  writes = 0

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl
    this.token = options.token
    this.trace = options.trace ?? (() => {})
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.retries = options.retries ?? 4
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS
    this.pacer = options.pacer ?? processPacer()
    // Parallel ac processes on one account share its 5 req/s (AC_SHARED_BUDGET=0: each its own).
    if (!options.pacer && process.env.AC_SHARED_BUDGET !== '0') this.pacer.share(new SharedBudget(this.baseUrl))
    this.userAgent = options.userAgent ?? 'ac-cli'
    this.plan = options.plan
    this.readOnly = options.readOnly
    this.maxWrites = options.maxWrites
    this.audit = options.audit
    // Ctrl-C and SIGTERM stop a job that sends requests cleanly (src/lib/interrupt.ts).
    installInterruptHandling()
  }

  /** The guard rails, before anything is sent: read-only refuses every change, --max-writes the one past N. */
  private admit(method: string, path: string): void {
    if (this.readOnly) {
      throw new RefusedWrite(`Refusing ${method} ${path}: read-only (${this.readOnly})`, {code: 'read_only', exitCode: ExitCode.usage, hint: 'Nothing was changed'})
    }

    if (this.maxWrites !== undefined && this.writes >= this.maxWrites) {
      throw new RefusedWrite(`Refusing ${method} ${path}: the limit of ${this.maxWrites} change${this.maxWrites === 1 ? '' : 's'} (--max-writes) is reached`, {
        code: 'max_writes',
        exitCode: ExitCode.usage,
        hint: `${this.writes} change${this.writes === 1 ? ' was' : 's were'} made before it`,
      })
    }

    this.writes++
  }

  url(path: string, query?: Query): string {
    return `${this.baseUrl}${path}${queryString(query)}`
  }

  async request<T = unknown>(request: ApiRequest): Promise<ApiResponse<T>> {
    const method = request.method.toUpperCase()
    const url = this.url(request.path, request.query)
    if (this.plan && changesState(method)) {
      this.plan({...request, method}, url)
      return {status: 0, body: undefined as T, headers: {}, planned: true}
    }

    const writes = changesState(method)
    if (writes) this.admit(method, request.path)
    try {
      const response = await this.send<T>(method, url, request)
      if (writes) this.audit?.({method, path: request.path, status: response.status, body: request.body})
      return response
    } catch (error) {
      if (writes) this.audit?.({method, path: request.path, status: error instanceof AcError ? (error.status ?? 0) : 0, body: request.body})
      throw error
    }
  }

  /** Waits as a retry would before its attempt: what a settled create waits before re-sending. */
  async backoff(attempt: number): Promise<void> {
    await sleep(this.backoffMs(attempt))
  }

  private backoffMs(attempt: number): number {
    return Math.min(8000, this.retryBaseMs * 2 ** attempt) * (0.75 + Math.random() * 0.5)
  }

  private async send<T>(method: string, url: string, request: ApiRequest): Promise<ApiResponse<T>> {
    const safe = isIdempotent(method, request.path)
    const writes = changesState(method)
    const firstStarted = Date.now()
    // What a give-up says: how long it tried, and whether the change may have been made.
    const tried = (attempt: number) => attempt > 0 ? ` after ${attempt + 1} attempts over ${seconds(Date.now() - firstStarted)}` : ''
    const uncertain = (message: string, cause?: unknown, status?: number) => new UncertainWrite(message, {
      code: 'uncertain',
      status,
      exitCode: ExitCode.failure,
      hint: `It may or may not have been applied: check before sending it again`,
      cause,
    })

    for (let attempt = 0; ; attempt++) {
      const turn = await this.pacer.take(request.priority)
      // Interrupted while waiting for its turn (or between retries): this request never leaves.
      if (stopping()) return parked()
      const started = Date.now()
      const tag = attempt ? ` (retry ${attempt})` : ''
      let answer: Answer
      try {
        const headers = {...request.headers, 'Api-Token': this.token, Accept: 'application/json', 'User-Agent': this.userAgent}
        answer = await exchange({method, url, headers, body: request.body, timeoutMs: this.timeoutMs, turn})
      } catch (error) {
        const code = (error as {code?: string}).code ?? 'ERROR'
        this.trace(`${method} ${url} → ${code} ${Date.now() - started}ms${tag}`)
        const mayRetry = neverSent.has(code) || (safe && retryableNetwork.has(code))
        // A refused connection is worth one quick second try (a server restarting), not a minute of backoff.
        const attempts = neverSent.has(code) ? Math.min(1, this.retries) : this.retries
        if (mayRetry && attempt < attempts) {
          await sleep(this.backoffMs(attempt))
          continue
        }

        const {message, hint} = describeNetworkError(error as Error & {code?: string}, {method, path: request.path, baseUrl: this.baseUrl})
        const failed = `${message}${tried(attempt)}`
        if (writes && !safe && !neverSent.has(code)) throw uncertain(failed, error)
        throw new AcError(failed, {code: 'network', exitCode: ExitCode.failure, hint, cause: error})
      }

      const {status, headers, parsed} = answer
      // `x-ac-error: Code 9001` beside an empty 200 is all the API says of what went wrong.
      const acError = headers['x-ac-error'] ? ` x-ac-error: ${String(headers['x-ac-error'])}` : ''
      this.trace(`${method} ${url} → ${status} ${Date.now() - started}ms${tag}${acError}`)
      if (status >= 300 && status < 400) {
        throw unexpected(`${method} ${request.path} was redirected (${status}) to ${String(headers.location ?? 'nowhere')}`, 'Check the account URL')
      }

      const body = parsed === notJson ? answer.text!.replaceAll(/\s+/g, ' ').trim() : parsed
      if (status < 300) {
        if (parsed === notJson) {
          // A truncated or garbled answer to a read is a glitch like a reset: ask again.
          if (safe && attempt < this.retries) {
            await sleep(this.backoffMs(attempt))
            continue
          }

          const what = `${method} ${request.path} answered ${status} with a body that is not JSON${tried(attempt)}: ${String(body).slice(0, 80)}`
          if (writes && !safe) throw uncertain(what)
          throw unexpected(what, 'Check the account URL, or try again')
        }

        this.pacer.recover()
        return {status, body: body as T, headers}
      }

      // A DELETE that timed out or failed at the gateway may have been carried out: its retry finding nothing is success.
      if (status === 404 && method === 'DELETE' && attempt > 0) return {status, body: undefined as T, headers}

      // A POST or PATCH is retried only when the server cannot have acted on it: 429.
      const mayRetry = retryableStatus.has(status) && (status === 429 || safe)
      const wait = retryAfterMs(headers['retry-after']) ?? this.backoffMs(attempt)
      if (mayRetry && attempt < this.retries && wait <= MAX_RETRY_AFTER_MS) {
        // Nobody else in this process sends before then either.
        if (status === 429) this.pacer.holdUntil(Date.now() + wait)
        await sleep(wait)
        continue
      }

      const error = apiError(status, body, {method, path: request.path, after: tried(attempt)})
      // A gateway failure on a change: the server behind it may have acted.
      if (writes && !safe && status >= 500) throw uncertain(error.message, error, status)
      throw error
    }
  }
}
