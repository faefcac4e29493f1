// The sandbox: a local HTTP server that speaks the ActiveCampaign v3 API from memory.
// Each /api/3 request goes: latency → faults → Api-Token check (403) → rate limit (429) →
// router → request log → optional persistence. /__sandbox/ holds the controls.

import {randomBytes} from 'node:crypto'
import {createServer, type IncomingMessage, type ServerResponse, STATUS_CODES} from 'node:http'
import type {AddressInfo} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'

import {loadExamples, loadOperations} from './catalogue.js'
import {CollectionRegistry, type Query} from './collection.js'
import {COLLECTIONS} from './collections.js'
import {handleControl, type SandboxControls} from './control.js'
import {type ApiResponse, forbidden, json, routeNotFound} from './errors.js'
import {type Fault, FaultQueue} from './faults.js'
import {ImportBatches} from './handlers/imports.js'
import {seedInitialState} from './initial.js'
import {loadDataFile, Persistence} from './persistence.js'
import {TokenBucket, WindowQuota} from './rate-limit.js'
import {buildRouter} from './routes.js'
import type {SandboxState} from './state.js'
import {Store} from './store.js'

export type {Fault} from './faults.js'

export interface SandboxOptions {
  /** 0 = a random free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Default: a random `sandbox-<hex>`. */
  token?: string
  /** Load the store from FILE at start (when present) and save it there after each mutation. */
  dataFile?: string
  /** Requests a second shared by all callers (burst of as many); false turns limiting off. Default 5. */
  rateLimit?: number | false
  /** Wait this long before answering each /api/3 request. Default 0. */
  latencyMs?: number
}

export interface LoggedRequest {
  method: string
  /** Below /api/3, no query: `/contacts/12`. */
  path: string
  query: Record<string, string | string[]>
  body: unknown
  /** The status answered; 0 when a fault reset the connection. */
  status: number
  /** When the request arrived (ms since the epoch). */
  at: number
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT/api/3` */
  url: string
  token: string
  port: number
  /** Every /api/3 request answered so far, in the order answered. */
  requests: LoggedRequest[]
  clearRequests(): void
  addFaults(...faults: Fault[]): void
  configure(config: {rateLimit?: number | false; latencyMs?: number}): void
  /** Back to a fresh account: empty collections but the admin user and read-only fixtures. */
  reset(): void
  close(): Promise<void>
}

const API_PREFIX = '/api/3'
const CONTROL_PREFIX = '/__sandbox'
const IMPORT_QUOTA = {requestsPerMinute: 100, singleContactPerMinute: 20}

function parseQuery(search: URLSearchParams): Query {
  const query: Query = {}
  for (const [key, value] of search) {
    const previous = query[key]
    query[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]
  }
  return query
}

async function readBody(request: IncomingMessage): Promise<{text: string; value: unknown; malformed: boolean}> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {text, value: null, malformed: false}
  try {
    return {text, value: JSON.parse(text), malformed: false}
  } catch {
    return {text, value: text, malformed: true}
  }
}

function send(response: ServerResponse, answer: ApiResponse, extraHeaders: Record<string, string>): void {
  const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
  const headers: Record<string, string> = {...extraHeaders, ...answer.headers, 'Content-Length': String(Buffer.byteLength(body))}
  if (answer.body !== undefined && !answer.omitContentType) headers['Content-Type'] ??= 'application/json; charset=utf-8'
  response.writeHead(answer.status, headers)
  response.end(body)
}

function faultAnswer(fault: Fault): ApiResponse {
  const status = fault.status ?? 500
  return {status, body: fault.body ?? {message: STATUS_CODES[status] ?? 'Error'}, headers: fault.headers}
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? `sandbox-${randomBytes(12).toString('hex')}`
  const state: SandboxState = {
    store: new Store(COLLECTIONS), collections: new CollectionRegistry(COLLECTIONS), baseUrl: '', examples: loadExamples(),
    imports: new ImportBatches(),
  }
  const router = buildRouter(state, loadOperations())
  seedInitialState(state)
  if (options.dataFile) loadDataFile(options.dataFile, state.store)
  const persistence = options.dataFile ? new Persistence(options.dataFile, state.store) : undefined

  let rateLimit: number | false = options.rateLimit ?? 5
  let latencyMs = options.latencyMs ?? 0
  const bucket = new TokenBucket(rateLimit || 5)
  const faults = new FaultQueue()
  const requests: LoggedRequest[] = []

  const applyRateLimit = (limit: number | false) => {
    rateLimit = limit
    if (limit !== false) bucket.setRate(limit)
    state.importQuotas = limit === false ? undefined : {
      all: new WindowQuota(IMPORT_QUOTA.requestsPerMinute, 60_000), single: new WindowQuota(IMPORT_QUOTA.singleContactPerMinute, 60_000),
    }
  }
  applyRateLimit(rateLimit)

  const controls: SandboxControls = {
    requests,
    clearRequests: () => { requests.length = 0 },
    addFaults: (...added) => faults.add(...added),
    clearFaults: () => faults.clear(),
    configure: (config) => {
      if (config.rateLimit !== undefined) applyRateLimit(config.rateLimit)
      if (config.latencyMs !== undefined) latencyMs = Math.max(0, config.latencyMs)
    },
    settings: () => ({rateLimit, latencyMs}),
    reset: () => {
      seedInitialState(state)
      persistence?.schedule()
    },
  }

  const rateHeaders = (): Record<string, string> => rateLimit === false ? {} : {
    'RateLimit-Limit': String(bucket.limit), 'RateLimit-Remaining': String(bucket.remaining()),
  }

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const at = Date.now()
    const method = (request.method ?? 'GET').toUpperCase()
    const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '') || '/'
    const query = parseQuery(url.searchParams)
    const body = await readBody(request)
    const log = (status: number) => requests.push({method, path, query, body: body.value, status, at})
    if (latencyMs > 0) await sleep(latencyMs)

    const fault = faults.take(method, path)
    if (fault?.delayMs) await sleep(fault.delayMs)
    if (fault?.reset) {
      log(0)
      request.socket.destroy()
      return
    }
    let answer: ApiResponse
    if (fault && (fault.status !== undefined || fault.body !== undefined)) answer = faultAnswer(fault)
    else if (request.headers['api-token'] !== token) answer = forbidden
    else if (rateLimit !== false && !bucket.take()) {
      answer = {status: 429, body: {message: 'Too Many Requests'}, headers: {'Retry-After': String(bucket.retryAfterSeconds())}}
    } else if (body.malformed) answer = json(400, {})
    else {
      try {
        answer = router.handle({method, path, query, body: body.value})
      } catch (error) {
        answer = json(500, {message: `Sandbox error: ${(error as Error).message}`})
      }
      if (method !== 'GET' && answer.status < 400) persistence?.schedule()
    }
    log(answer.status)
    send(response, answer, rateHeaders())
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox.local')
    const controlPath = [CONTROL_PREFIX, API_PREFIX + CONTROL_PREFIX].find((prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
    if (controlPath) {
      const method = (request.method ?? 'GET').toUpperCase()
      const body = await readBody(request)
      const answer = handleControl(method, url.pathname.slice(controlPath.length), body.value, controls, state)
      if (method !== 'GET' && answer.status < 400) persistence?.schedule()
      send(response, answer, {})
      return
    }
    if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) return serveApi(request, response, url)
    send(response, routeNotFound, {})
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: Error) => {
      if (!response.headersSent) send(response, json(500, {message: `Sandbox error: ${error.message}`}), {})
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  state.baseUrl = `http://${urlHost}:${port}${API_PREFIX}`

  return {
    url: state.baseUrl,
    token,
    port,
    requests,
    clearRequests: controls.clearRequests,
    addFaults: controls.addFaults,
    configure: controls.configure,
    reset: controls.reset,
    async close() {
      await persistence?.flush()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
