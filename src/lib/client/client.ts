import got, {type Response} from 'got'

import {AcError, ExitCode} from '../errors.js'
import {apiError} from './api-error.js'
import {changesState} from './methods.js'
import {processPacer, sleep, type Pacer} from './pacer.js'

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
  timeoutMs?: number
  /** Attempts after the first. */
  retries?: number
  pacer?: Pacer
  userAgent?: string
  /**
   * Dry run: a request that would change something goes here instead of the network, and
   * answers an empty 0 response. Reads (name look-ups) still go out: they change nothing.
   */
  plan?: (request: ApiRequest, url: string) => void
}

const retryableStatus = new Set([429, 502, 503, 504])
/** Network failures after which the server may have acted on the request. */
const retryableNetwork = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'])
/** Failures where the request never reached the server: safe to retry even a POST. */
const neverSent = new Set(['ECONNREFUSED'])
const idempotent = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

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

const notJson = Symbol('not JSON')

function parseBody(raw: string): unknown {
  if (!raw.trim()) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    return notJson
  }
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

function backoffMs(attempt: number): number {
  return Math.min(8000, 300 * 2 ** attempt) * (0.75 + Math.random() * 0.5)
}

export class ApiClient {
  readonly baseUrl: string
  private readonly token: string
  private readonly trace: (line: string) => void
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly pacer: Pacer
  private readonly userAgent: string
  private readonly plan?: (request: ApiRequest, url: string) => void

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl
    this.token = options.token
    this.trace = options.trace ?? (() => {})
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.retries = options.retries ?? 4
    this.pacer = options.pacer ?? processPacer()
    this.userAgent = options.userAgent ?? 'ac-cli'
    this.plan = options.plan
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

    for (let attempt = 0; ; attempt++) {
      const turn = await this.pacer.take()
      const started = Date.now()
      const tag = attempt ? ` (retry ${attempt})` : ''
      let response: Response<string>
      try {
        const sending = got(url, {
          method: method as 'GET',
          headers: {'Api-Token': this.token, Accept: 'application/json', 'User-Agent': this.userAgent},
          json: request.body === undefined ? undefined : request.body,
          throwHttpErrors: false,
          // A redirect would carry the Api-Token to wherever it points: never follow one.
          followRedirect: false,
          retry: {limit: 0},
          timeout: {request: this.timeoutMs},
          responseType: 'text',
        })
        sending.on('request', () => turn.sent())
        response = await sending
      } catch (error) {
        const code = (error as {code?: string}).code ?? 'ERROR'
        this.trace(`${method} ${url} → ${code} ${Date.now() - started}ms${tag}`)
        const mayRetry = neverSent.has(code) || (idempotent.has(method) && retryableNetwork.has(code))
        if (mayRetry && attempt < this.retries) {
          await sleep(backoffMs(attempt))
          continue
        }

        throw new AcError(`${method} ${request.path} failed: ${(error as Error).message}`, {
          code: 'network',
          exitCode: ExitCode.failure,
          hint: neverSent.has(code) ? `Is the API at ${this.baseUrl} reachable?` : undefined,
          cause: error,
        })
      }

      const {statusCode: status, headers} = response
      this.trace(`${method} ${url} → ${status} ${Date.now() - started}ms${tag}`)
      if (status >= 300 && status < 400) {
        throw unexpected(`${method} ${request.path} was redirected (${status}) to ${String(headers.location ?? 'nowhere')}`, 'Check the account URL')
      }

      const parsed = parseBody(response.body)
      const body = parsed === notJson ? response.body.replaceAll(/\s+/g, ' ').trim() : parsed
      if (status < 300) {
        if (parsed === notJson) {
          throw unexpected(`${method} ${request.path} answered ${status} with a body that is not JSON: ${String(body).slice(0, 80)}`, 'Check the account URL')
        }

        return {status, body: body as T, headers}
      }

      // A DELETE that timed out or failed at the gateway may have been carried out: its retry finding nothing is success.
      if (status === 404 && method === 'DELETE' && attempt > 0) return {status, body: undefined as T, headers}

      // A POST or PATCH is retried only when the server cannot have acted on it: 429.
      const mayRetry = retryableStatus.has(status) && (status === 429 || idempotent.has(method))
      if (mayRetry && attempt < this.retries) {
        const wait = retryAfterMs(headers['retry-after']) ?? backoffMs(attempt)
        // Nobody else in this process sends before then either.
        if (status === 429) this.pacer.holdUntil(Date.now() + wait)
        await sleep(wait)
        continue
      }

      throw apiError(status, body, {method, path: request.path})
    }
  }
}
