import type {ApiClient} from '../client/client.js'
import {AcError} from '../errors.js'
import {inParallel} from '../parallel.js'
import {isUncertain, type SeedStateEntry, wasCreated} from './state.js'

// Clean: exactly what apply created, never what it reused, the deepest level first (links
// before the records they link), several at a time within a level. A record already gone
// counts as deleted; a failure does not stop the rest and stays in the state for a re-run.

export type CleanAction = 'deleted' | 'already gone' | 'unsubscribed' | 'failed' | 'delete' | 'unsubscribe'

export interface CleanOutcome {
  resource: string
  name: string
  id: string
  action: CleanAction
  error?: string
}

export interface CleanOptions {
  dryRun: boolean
  concurrency?: number
  onProgress?: (done: number, total: number) => void
  /** Filled as each record is done, so an interrupted clean knows what it did. */
  outcomes?: CleanOutcome[]
}

export function toRemove(records: SeedStateEntry[]): SeedStateEntry[] {
  // A create that never answered has no id to delete by (seed apply finds it again first).
  return records.filter((entry) => wasCreated(entry) && !isUncertain(entry)).sort((a, b) => b.level - a.level)
}

export async function cleanRecords(client: ApiClient, records: SeedStateEntry[], options: CleanOptions): Promise<CleanOutcome[]> {
  const removing = toRemove(records)
  const outcomes: CleanOutcome[] = options.outcomes ?? []
  let done = 0
  const one = async (entry: SeedStateEntry) => {
    const base = {resource: entry.resource, name: entry.name, id: entry.id}
    if (options.dryRun) {
      outcomes.push({...base, action: entry.undo ? 'unsubscribe' : 'delete'})
      return
    }

    try {
      if (entry.undo) await client.request({method: entry.undo.method, path: entry.undo.path, body: entry.undo.body})
      else await client.request({method: 'DELETE', path: entry.path})
      outcomes.push({...base, action: entry.undo ? 'unsubscribed' : 'deleted'})
    } catch (error) {
      // Gone already (by hand, or with the record it hung on): what clean wanted.
      if (error instanceof AcError && error.status === 404) outcomes.push({...base, action: 'already gone'})
      else outcomes.push({...base, action: 'failed', error: error instanceof Error ? error.message : String(error)})
    }

    options.onProgress?.(++done, removing.length)
  }

  const levels = [...new Set(removing.map((entry) => entry.level))]
  for (const level of levels) {
    await inParallel(
      removing.filter((entry) => entry.level === level),
      options.concurrency ?? 4,
      one,
    )
  }

  return outcomes
}
