import {existsSync, readFileSync, rmSync} from 'node:fs'

import {usageError} from '../errors.js'
import {writeFileAtomic} from '../files.js'

// What `seed apply` did, for `seed clean` to undo: one entry per record, created or only
// reused. Written atomically after every level, so an interrupted apply still knows what it
// created; a later apply keeps "created" for a record it now finds again.

export type SeedAction = 'created' | 'reused' | 'updated'

export interface SeedStateEntry {
  resource: string
  name: string
  id: string
  action: SeedAction
  /** `updated` of a record an earlier apply created: clean still removes it. */
  createdByApply?: boolean
  /**
   * Its create was sent but the answer never came (the connection dropped, or Ctrl-C left it
   * in flight): id and path are unknown. A later apply that finds the record by its natural
   * key counts it as created by apply (clean removes it); clean alone cannot, without an id.
   */
  uncertain?: boolean
  /** Where the record is deleted: `/tags/12`. */
  path: string
  /** Links without a DELETE are undone by this request instead (a subscription set to unsubscribed). */
  undo?: {method: 'POST'; path: string; body: unknown}
  level: number
}

export interface SeedState {
  version: 1
  fixture?: string
  /** The API the records live in: clean refuses another account's state. */
  account: string
  runId?: string
  updatedAt: string
  records: SeedStateEntry[]
}

/** `fixtures/e2e.yml` → `fixtures/e2e.state.json`, or `fixtures/e2e.RUN.state.json` for a run id. */
export function defaultStatePath(fixture: string, runId?: string): string {
  const base = fixture.replace(/\.(ya?ml|json)$/i, '')
  return `${base}${runId ? `.${runId.replaceAll(/[^\w.-]+/g, '_')}` : ''}.state.json`
}

export function readState(path: string): SeedState | undefined {
  if (!existsSync(path)) return undefined
  let state: SeedState
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as SeedState
  } catch (error) {
    throw usageError(`${path} is not a seed state file: ${(error as Error).message}`)
  }

  if (state?.version !== 1 || !Array.isArray(state.records)) throw usageError(`${path} is not a seed state file written by ac seed apply`)
  return state
}

export function writeState(path: string, state: SeedState): void {
  writeFileAtomic(path, JSON.stringify(state, null, 2) + '\n', 0o600)
}

export function removeState(path: string): void {
  rmSync(path, {force: true})
}

/** Whether clean should remove the record: apply made it (now or on an earlier run). */
export function wasCreated(entry: SeedStateEntry): boolean {
  return entry.action === 'created' || Boolean(entry.createdByApply)
}

/** A create whose outcome is unknown: no id to delete by until an apply finds it by its natural key. */
export function isUncertain(entry: SeedStateEntry): boolean {
  return Boolean(entry.uncertain) && !entry.id
}
