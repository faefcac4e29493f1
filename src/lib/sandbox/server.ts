// The sandbox: a local HTTP server that speaks the ActiveCampaign v3 API from memory.
// Each /api/3 request goes: latency → faults → Api-Token check (403, body left unread) →
// body (413 over 10 MB) → rate limit (429) → malformed or too deeply nested body (400) →
// router → request log → optional persistence. /__sandbox/ holds the controls. A fault
// answers instead of acting, drops the connection before or after acting, hangs, waits, or
// spoils the body of the real answer (faults.ts).

import {randomBytes} from 'node:crypto'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'

import {loadExamples, loadOperations} from './catalogue.js'
import {CollectionRegistry} from './collection.js'
import {COLLECTIONS} from './collections.js'
import {type Body, NO_BODY, readBody} from './body.js'
import {handleControl, type SandboxConfig, type SandboxControls, type SandboxSettings, validateConfig} from './control.js'
import {type ApiResponse, forbidden, json, routeNotFound} from './errors.js'
import {type Fault, type FaultConfig, FaultQueue, parseFaultSpec} from './faults.js'
import {DEFAULT_IMPORT_DELAY_MS, ImportBatches} from './import-batches.js'
import {seedInitialState} from './initial.js'
import {loadDataFile, Persistence} from './persistence.js'
import {RateLimiter, WindowQuota} from './rate-limit.js'
import {buildRouter} from './routes.js'
import type {SandboxState} from './state.js'
import {Store} from './store.js'
import {type Delivery, type Probe, WebhookDispatcher} from './webhooks.js'
import {parseQuery, send} from './wire.js'

export type {Fault, FaultConfig, FaultKind, FaultStats} from './faults.js'
export type {SandboxConfig, SandboxSettings} from './control.js'
export type {Delivery} from './webhooks.js'

export interface SandboxOptions {
  /** 0 = a random free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Default: a random `sandbox-<hex>`. */
  token?: string
  /** Load the store from FILE at start (when present) and save it there after each mutation. */
  dataFile?: string
  /** Requests in any 1000 ms window, shared by all callers; false (or 0) turns limiting off. Default 5. */
  rateLimit?: number | false
  /** Wait this long before answering each /api/3 request. Default 0. */
  latencyMs?: number
  /** How long a bulk import takes to complete (waiting, then active); 0 completes at once. Default 800. */
  importDelayMs?: number
  /** /import/bulk_import requests a minute (single-contact ones: at most 20); false turns the quota off. Default 100. */
  importQuota?: number | false
  /** Standing fault rules from the start: a SPEC string (`429:0.1,seed=7`) or its JSON form. */
  faults?: string | FaultConfig
  /** Told of every /api/3 request once answered (`ac sandbox start --log`). */
  onRequest?: (entry: LoggedRequest) => void
  /** Told of every webhook delivery once answered or given up (`ac sandbox start --log`). */
  onDelivery?: (delivery: Delivery) => void
  /** How long a webhook receiver has to answer. Default 10 s. */
  webhookTimeoutMs?: number
}

export interface LoggedRequest {
  method: string
  /** Below /api/3, no query: `/contacts/12`. */
  path: string
  query: Record<string, string | string[]>
  /** The parsed body; `{"truncated": BYTES}` for bodies over 64 KB; null when unread (403). */
  body: unknown
  /** The status answered; 0 when a fault reset the connection or hung. */
  status: number
  /** The fault injected into this request, if any: `429`, `reset-after`, `truncated`, ... */
  fault?: string
  /** When the request arrived (ms since the epoch). */
  at: number
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT/api/3` */
  url: string
  token: string
  port: number
  /** The last 10,000 /api/3 requests answered, in the order answered. */
  requests: LoggedRequest[]
  /** Webhooks fired: the last 1,000 deliveries, `settle()` to wait for those under way, `enabled`, `source`. */
  webhooks: WebhookDispatcher
  clearRequests(): void
  /** One-off faults (`{path, status, times}`), or standing rules (`{kind, rate}` / `{kind, every}`). */
  addFaults(...faults: Fault[]): void
  /** Injections so far, by kind and by rule, and the seed. */
  faultStats(): import('./faults.js').FaultStats
  /** Throws a RangeError for a negative or non-integer rateLimit / importQuota. */
  configure(config: SandboxConfig): void
  /** Back to a fresh account: empty collections but the admin user and read-only fixtures. */
  reset(): void
  close(): Promise<void>
}

const API_PREFIX = '/api/3'
const CONTROL_PREFIX = '/__sandbox'
const IMPORT_QUOTA = {requestsPerMinute: 100, singleContactPerMinute: 20}
/** The request log keeps this many entries, the newest. */
export const MAX_LOGGED_REQUESTS = 10_000
/** Logged bodies bigger than this are replaced by `{"truncated": BYTES}`. */
export const MAX_LOGGED_BODY_BYTES = 64 * 1024

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? `sandbox-${randomBytes(12).toString('hex')}`
  const state: SandboxState = {
    store: new Store(COLLECTIONS), collections: new CollectionRegistry(COLLECTIONS), baseUrl: '', examples: loadExamples(),
    imports: new ImportBatches(), importDelayMs: DEFAULT_IMPORT_DELAY_MS,
  }
  const router = buildRouter(state, loadOperations())
  seedInitialState(state)
  if (options.dataFile) loadDataFile(options.dataFile, state.store)
  const persistence = options.dataFile ? new Persistence(options.dataFile, state.store) : undefined
  // Changes made outside a request (an import completing) are saved too.
  state.changed = () => persistence?.schedule()

  let rateLimit: number | false = false
  let importQuota: number | false = false
  let latencyMs = 0
  const limiter = new RateLimiter(5)
  const faults = new FaultQueue()
  const requests: LoggedRequest[] = []
  const webhooks = new WebhookDispatcher(state, options.webhookTimeoutMs)
  webhooks.onDelivery = options.onDelivery

  const configure = (config: SandboxConfig) => {
    const problem = validateConfig(config)
    if (problem) throw new RangeError(`sandbox: ${problem}`)
    if (config.rateLimit !== undefined) {
      rateLimit = config.rateLimit === 0 ? false : config.rateLimit
      if (rateLimit !== false) limiter.setLimit(rateLimit)
    }
    if (config.importQuota !== undefined) {
      importQuota = config.importQuota === 0 ? false : config.importQuota
      state.importQuotas = importQuota === false ? undefined : {
        all: new WindowQuota(importQuota, 60_000),
        single: new WindowQuota(Math.min(importQuota, IMPORT_QUOTA.singleContactPerMinute), 60_000),
      }
    }
    if (config.latencyMs !== undefined) latencyMs = Math.max(0, config.latencyMs)
    if (config.importDelayMs !== undefined) state.importDelayMs = Math.max(0, config.importDelayMs)
    if (config.faults !== undefined) faults.configure(typeof config.faults === 'string' ? parseFaultSpec(config.faults) : config.faults)
  }
  configure({
    rateLimit: options.rateLimit ?? 5, latencyMs: options.latencyMs ?? 0,
    importDelayMs: options.importDelayMs ?? DEFAULT_IMPORT_DELAY_MS, importQuota: options.importQuota ?? IMPORT_QUOTA.requestsPerMinute,
    faults: options.faults,
  })

  const logRequest = (entry: LoggedRequest) => {
    options.onRequest?.(entry)
    requests.push(entry)
    if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS)
  }

  const controls: SandboxControls = {
    requests,
    clearRequests: () => { requests.length = 0 },
    deliveries: webhooks.deliveries,
    addFaults: (...added) => faults.add(...added),
    clearFaults: () => faults.clear(),
    faultStats: () => faults.stats(),
    configure,
    settings: (): SandboxSettings => ({rateLimit, latencyMs, importDelayMs: state.importDelayMs, importQuota}),
    reset: () => {
      seedInitialState(state)
      // A fresh account has its whole import quota.
      configure({importQuota})
      persistence?.schedule()
    },
  }

  const rateHeaders = (): Record<string, string> => rateLimit === false ? {} : {
    'RateLimit-Limit': String(limiter.limit), 'RateLimit-Remaining': String(limiter.remaining()),
  }

  /** Imports whose time has come are applied before anything reads the store. */
  const settleImports = () => {
    if (state.imports.settleDue(state) > 0) persistence?.schedule()
  }

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const at = Date.now()
    const method = (request.method ?? 'GET').toUpperCase()
    const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '') || '/'
    const query = parseQuery(url.searchParams)
    if (latencyMs > 0) await sleep(latencyMs)

    const fault = faults.take(method, path)
    if (fault?.delayMs) await sleep(fault.delayMs)
    const faulted = fault !== undefined && (fault.reset === 'before' || fault.answer !== undefined || fault.hang === true)
    const authorized = request.headers['api-token'] === token
    // A wrong token is answered without reading the body, however big it is.
    const body: Body = faulted || authorized ? await readBody(request) : NO_BODY
    const logged = body.tooLarge || body.bytes > MAX_LOGGED_BODY_BYTES ? {truncated: body.bytes} : body.value
    const log = (status: number) => logRequest({method, path, query, body: logged, status, at, ...(fault ? {fault: fault.kind} : {})})
    if (fault?.reset === 'before') {
      log(0)
      request.socket.destroy()
      return
    }
    // Held open until the client gives up (its socket closes) or the sandbox closes.
    if (fault?.hang) {
      log(0)
      return
    }
    let answer: ApiResponse
    let probe: Probe | undefined
    if (fault?.answer) answer = fault.answer
    else if (!authorized) answer = forbidden
    else if (body.tooLarge) answer = json(413, {message: 'Request Entity Too Large'})
    // Counted when it arrived, as the API's edge counts it: the sandbox's own simulated latency and a
    // busy event loop here must not squeeze a paced client's requests into one second.
    else if (rateLimit !== false && !limiter.take(at)) {
      answer = {status: 429, body: {message: 'Too Many Requests'}, headers: {'Retry-After': String(limiter.retryAfterSeconds())}}
    } else if (body.malformed) answer = json(400, {})
    else {
      settleImports()
      try {
        probe = method === 'GET' ? undefined : webhooks.before(method, path, body.value)
        answer = router.handle({method, path, query, body: body.value, bytes: body.bytes})
      } catch (error) {
        answer = json(500, {message: `Sandbox error: ${(error as Error).message}`})
      }
      if (method !== 'GET' && answer.status < 400) persistence?.schedule()
    }
    // What the request did fires webhooks once it is answered (or its answer lost): never before.
    const fire = () => {
      if (probe && answer.status < 300) webhooks.after(probe, answer.body)
    }
    // The change is made (and saved), but the client never hears of it: the dangerous one for a POST.
    if (fault?.reset === 'after') {
      log(0)
      request.socket.destroy()
      fire()
      return
    }
    log(answer.status)
    send(response, answer, rateHeaders(), !request.complete, fault?.spoil)
    fire()
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox.local')
    const controlPath = [CONTROL_PREFIX, API_PREFIX + CONTROL_PREFIX].find((prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
    if (controlPath) {
      const method = (request.method ?? 'GET').toUpperCase()
      const body = await readBody(request)
      if (body.tooLarge) return send(response, json(413, {message: 'Request Entity Too Large'}), {}, !request.complete)
      if (body.malformed) return send(response, json(400, {message: 'The body must be JSON (nested at most 64 deep)'}), {})
      settleImports()
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
    webhooks,
    clearRequests: controls.clearRequests,
    addFaults: controls.addFaults,
    faultStats: controls.faultStats,
    configure: controls.configure,
    reset: controls.reset,
    async close() {
      webhooks.close()
      settleImports()
      state.imports.clear()
      await persistence?.flush()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
