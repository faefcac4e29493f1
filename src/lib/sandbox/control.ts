// The sandbox's own controls over HTTP, under /__sandbox/ (no token, not logged, not rate
// limited), for tests that drive a sandbox running in another process.

import {ApiError, type ApiResponse, json} from './errors.js'
import type {Fault} from './faults.js'
import {createRecord, isObject} from './records.js'
import type {SandboxState} from './state.js'

export interface SandboxControls {
  requests: unknown[]
  clearRequests(): void
  addFaults(...faults: Fault[]): void
  clearFaults(): void
  configure(config: {rateLimit?: number | false; latencyMs?: number}): void
  settings(): {rateLimit: number | false; latencyMs: number}
  reset(): void
}

/** `{"contacts":[{...}],"tags":[{...}]}` → records created as POSTs would (validation, upserts); answers their ids. */
export function seedRecords(state: SandboxState, body: unknown): Record<string, string[]> {
  if (!isObject(body)) throw new ApiError(json(400, {message: 'Seed body must be an object of collection name → array of records'}))
  const created: Record<string, string[]> = {}
  for (const [name, rows] of Object.entries(body)) {
    const description = state.collections.find(name)
      ?? state.collections.all.find((candidate) => state.collections.pathsOf(candidate).includes(name))
    if (!description || !Array.isArray(rows)) throw new ApiError(json(400, {message: `Cannot seed ${name}: unknown collection or not an array`}))
    created[name] = rows.filter(isObject).map((row) => {
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
      case 'POST /faults': {
        const faults = isObject(body) && Array.isArray(body.faults) ? body.faults : Array.isArray(body) ? body : [body]
        controls.addFaults(...(faults.filter(isObject) as Fault[]))
        return json(200, {})
      }
      case 'DELETE /faults': controls.clearFaults(); return json(200, {})
      case 'GET /config': return json(200, controls.settings())
      case 'POST /config': {
        const config = isObject(body) ? body : {}
        const rateLimit = config.rateLimit === false ? false : typeof config.rateLimit === 'number' ? config.rateLimit : undefined
        const latencyMs = typeof config.latencyMs === 'number' ? config.latencyMs : undefined
        controls.configure({...(rateLimit === undefined ? {} : {rateLimit}), ...(latencyMs === undefined ? {} : {latencyMs})})
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
