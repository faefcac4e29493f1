// The sandbox's own controls over HTTP, under /__sandbox/ (no token, not logged, not rate
// limited), for tests that drive a sandbox running in another process.

import {ApiError, type ApiResponse, json} from './errors.js'
import {type Fault, type FaultConfig, type FaultStats, faultProblem, parseFaultSpec} from './faults.js'
import {createRecord, isObject} from './records.js'
import type {SandboxState} from './state.js'

export interface SandboxConfig {
  /** Requests in any 1000 ms window; false or 0: no limit. */
  rateLimit?: number | false
  latencyMs?: number
  /** How long a bulk import takes to complete; 0: at once. */
  importDelayMs?: number
  /** /import/bulk_import requests a minute; false or 0: no quota. */
  importQuota?: number | false
  /** Replaces the standing fault rules: a SPEC string or `{seed, faults: [...]}`. */
  faults?: string | FaultConfig
}

export interface SandboxSettings {
  rateLimit: number | false
  latencyMs: number
  importDelayMs: number
  importQuota: number | false
}

export interface SandboxControls {
  requests: unknown[]
  clearRequests(): void
  /** Webhook deliveries, oldest first. */
  deliveries: unknown[]
  addFaults(...faults: Fault[]): void
  clearFaults(): void
  faultStats(): FaultStats
  configure(config: SandboxConfig): void
  settings(): SandboxSettings
  reset(): void
}

const isCount = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0
const isDuration = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0

/** What is wrong with a configuration, if anything: limits are false or whole numbers >= 0, delays numbers >= 0. */
export function validateConfig(given: SandboxConfig | Record<string, unknown>): string | undefined {
  const config = given as Record<string, unknown>
  for (const name of ['rateLimit', 'importQuota']) {
    const value = config[name]
    if (value !== undefined && value !== false && !isCount(value)) return `${name} must be false or a whole number of requests (0 = no limit)`
  }
  for (const name of ['latencyMs', 'importDelayMs']) {
    const value = config[name]
    if (value !== undefined && !isDuration(value)) return `${name} must be a number of milliseconds, 0 or more`
  }
  return undefined
}

function badSeed(message: string): ApiError {
  return new ApiError(json(400, {message}))
}

/** `{"contacts":[{...}],"tags":[{...}]}` → records created as POSTs would (validation, upserts); answers their ids. */
export function seedRecords(state: SandboxState, body: unknown): Record<string, string[]> {
  if (!isObject(body)) throw badSeed('Seed body must be an object of collection name → array of records')
  const batches = Object.entries(body).map(([name, rows]) => {
    const description = state.collections.find(name)
      ?? state.collections.all.find((candidate) => state.collections.pathsOf(candidate).includes(name))
    if (!description || !Array.isArray(rows)) throw badSeed(`Cannot seed ${name}: unknown collection or not an array`)
    return {name, description, rows: rows.filter(isObject)}
  })
  // Ids are checked before anything is written: none may exist already or repeat, and classic
  // (numeric-id) collections take positive whole numbers only.
  for (const {name, description, rows} of batches) {
    const seen = new Set<string>()
    for (const row of rows) {
      if (row.id === undefined || row.id === null) continue
      const id = String(row.id)
      if (!description.modern && !/^[1-9]\d*$/.test(id)) throw badSeed(`Cannot seed ${name}: id ${JSON.stringify(row.id)} is not a positive whole number`)
      if (seen.has(id) || state.store.get(description.name, id)) throw badSeed(`Cannot seed ${name}: id ${id} already exists`)
      seen.add(id)
    }
  }
  const created: Record<string, string[]> = {}
  for (const {name, description, rows} of batches) {
    created[name] = rows.map((row) => {
      const id = row.id === undefined || row.id === null ? undefined : String(row.id)
      return createRecord(state, description, row, id).record.id
    })
  }
  return created
}

export function handleControl(method: string, path: string, body: unknown, controls: SandboxControls, state: SandboxState): ApiResponse {
  const route = `${method} ${path.replace(/\/+$/, '')}`
  try {
    switch (route) {
      case 'GET /requests': return json(200, {requests: controls.requests})
      case 'DELETE /requests': controls.clearRequests(); return json(200, {})
      case 'GET /deliveries': return json(200, {deliveries: controls.deliveries})
      case 'DELETE /deliveries': controls.deliveries.length = 0; return json(200, {})
      case 'POST /faults': {
        // `{"spec": "429:0.1,seed=4"}` or `{"seed": 4, "faults": [...]}` replace the standing rules
        // (with their seed); a bare fault or an array of them is added.
        if (isObject(body) && typeof body.spec === 'string') {
          let config: FaultConfig
          try {
            config = parseFaultSpec(body.spec)
          } catch (error) {
            return json(400, {message: `Bad fault spec: ${(error as Error).message}`})
          }
          controls.configure({faults: config})
          return json(200, controls.faultStats())
        }
        const faults = isObject(body) && Array.isArray(body.faults) ? body.faults : Array.isArray(body) ? body : [body]
        const problem = faults.map(faultProblem).find(Boolean)
        if (problem) return json(400, {message: `Bad fault: ${problem}`})
        if (isObject(body) && body.seed !== undefined) {
          if (typeof body.seed !== 'number') return json(400, {message: 'Bad fault: seed must be a number'})
          controls.configure({faults: {seed: body.seed, faults: faults as Fault[]}})
        } else controls.addFaults(...(faults as Fault[]))
        return json(200, controls.faultStats())
      }
      case 'GET /faults': return json(200, controls.faultStats())
      case 'DELETE /faults': controls.clearFaults(); return json(200, {})
      case 'GET /config': return json(200, controls.settings())
      case 'POST /config': {
        const config = isObject(body) ? body : {}
        const problem = validateConfig(config)
        if (problem) return json(400, {message: problem})
        const known: SandboxConfig = {}
        for (const name of ['rateLimit', 'latencyMs', 'importDelayMs', 'importQuota'] as const) {
          if (config[name] !== undefined) (known as Record<string, unknown>)[name] = config[name]
        }
        controls.configure(known)
        return json(200, controls.settings())
      }
      case 'POST /reset': controls.reset(); return json(200, {})
      case 'POST /seed': return json(201, seedRecords(state, body))
      default: return json(404, {message: `No sandbox control ${route}`})
    }
  } catch (error) {
    if (error instanceof ApiError) return error.response
    throw error
  }
}
