import type {ApiClient, ApiResponse} from '../client/client.js'
import {unwrap} from '../envelope.js'
import {AcError, ExitCode, usageError} from '../errors.js'
import {onInterrupt} from '../interrupt.js'
import {createOnce as settle, isLostAnswer, type Settled} from '../once/settle.js'
import {inParallel} from '../parallel.js'
import {operations} from '../spec/catalogue.js'
import {fill, mapStrings, type PlannedRecord, recordReference} from './plan.js'
import {KeyFinder} from './lookup.js'
import {collectionPath, createShape, type SeedResource} from './resources.js'
import type {SeedAction, SeedState, SeedStateEntry} from './state.js'
import {isUncertain, wasCreated} from './state.js'

// Apply: level by level, each record found by its natural key (reused, or updated with
// --update) or created. A dry run looks records up but sends nothing that changes anything,
// and says what it would do: create, reuse or update.

type Values = Record<string, unknown>

export interface SeedOutcome {
  resource: string
  name: string
  id?: string
  /** What was done, or in a dry run what would be: create, reuse, update. */
  action: SeedAction | 'create' | 'reuse' | 'update'
}

export interface ApplyOptions {
  update: boolean
  dryRun: boolean
  /** The state an earlier apply left: records it created stay marked as such. */
  previous?: SeedState
  /** At most this many requests in flight within a level. */
  concurrency?: number
  onProgress?: (done: number, total: number) => void
  /** After each level: what is known so far, for the state file. */
  onLevel?: (entries: SeedStateEntry[]) => void
  /** Ctrl-C: what is known so far, creates in flight included (marked uncertain); returns lines for stderr. */
  onInterrupt?: (entries: SeedStateEntry[], outcomes: SeedOutcome[], left: string[]) => string[]
}

const pending = Symbol('created by this apply')

function hasUpdate(resource: SeedResource): boolean {
  return operations().some((operation) => operation.method === 'PUT' && operation.path.replace(/\{[^}]+\}$/, '') === `${resource.path}/`)
}

/** POST a record; a lost answer is settled by its natural key (src/lib/once/settle.ts). */
async function createOnce(client: ApiClient, finder: KeyFinder, resource: SeedResource, record: PlannedRecord, path: string, full: Values, body: Values): Promise<Values> {
  let outcome: Settled<ApiResponse>
  try {
    outcome = await settle(() => client.request({method: 'POST', path, body: wrap(resource, full)}), () => finder.live(resource, body), (resend) => client.backoff(resend))
  } catch (error) {
    if (isLostAnswer(error)) throw uncertainRecord(record, error)
    throw error
  }

  if ('found' in outcome) return outcome.found
  const answer = unwrap(outcome.answer.body, createShape(resource).root, path)
  if (answer.kind !== 'record' || answer.record.id === undefined) throw usageError(`POST ${path} for ${record.key} answered without a record`)
  return answer.record
}

function uncertainRecord(record: PlannedRecord, error: AcError): AcError {
  return new AcError(`${record.key}: ${error.message}`, {
    code: 'uncertain', exitCode: ExitCode.failure, status: error.status,
    hint: 'Run the same seed apply again: it looks each record up by its natural key first, so nothing is created twice', cause: error,
  })
}

function wrap(resource: SeedResource, body: Values): unknown {
  const fields = Object.fromEntries(Object.entries(body).filter(([field]) => !resource.pathFields?.includes(field)))
  const {root} = createShape(resource)
  return root ? {[root]: fields} : fields
}

export async function applyPlan(client: ApiClient, records: PlannedRecord[], options: ApplyOptions): Promise<{outcomes: SeedOutcome[]; entries: SeedStateEntry[]}> {
  const values = new Map<string, Values | typeof pending>()
  const outcomes: SeedOutcome[] = []
  const entries: SeedStateEntry[] = []
  const inFlight = new Map<string, SeedStateEntry>()
  const createdBefore = new Map((options.previous?.records ?? []).filter(wasCreated).map((entry) => [`${entry.resource}.${entry.name}`, entry]))
  const finder = new KeyFinder(client)
  /** Records this apply created: what points at them cannot exist yet. */
  const madeNow = new Set<string>()
  /** This level's bodies, references filled in (or pending: a dry run's record that would be created first). */
  const bodies = new Map<string, Values | typeof pending>()
  let done = 0

  const resolve = (record: PlannedRecord): Values | typeof pending =>
    mapStrings(record.body, (text) =>
      fill(text, (expression) => {
        const target = recordReference(expression)!
        const found = values.get(target.key)
        if (found === pending || found === undefined) throw pendingReference
        if (found[target.field] === undefined || found[target.field] === null) {
          throw usageError(`\${${expression}} in ${record.key}: ${target.key} has no field "${target.field}"`)
        }

        return found[target.field]
      }),
    ) as Values

  const resolveLevel = (level: PlannedRecord[]) => {
    bodies.clear()
    const groups = new Map<SeedResource, Values[]>()
    for (const record of level) {
      let body: Values | typeof pending
      try {
        body = resolve(record)
      } catch (error) {
        if (error !== pendingReference) throw error
        body = pending
      }

      bodies.set(record.key, body)
      if (body === pending || isFresh(record)) continue
      groups.set(record.resource, [...(groups.get(record.resource) ?? []), body])
    }

    finder.startLevel(groups)
  }

  // `contact: ${contacts.alice.id}` on a link, where alice was created moments ago.
  const isFresh = (record: PlannedRecord) =>
    (record.resource.fresh ?? []).some((field) => {
      const whole = typeof record.body[field] === 'string' ? /^\$\{([^}]*)\}$/.exec(record.body[field] as string) : null
      const target = whole ? recordReference(whole[1].trim()) : undefined
      return target?.field === 'id' && madeNow.has(target.key)
    })

  const one = async (record: PlannedRecord): Promise<void> => {
    const {resource} = record
    const body = bodies.get(record.key)!
    if (body === pending) {
      // A dry run: it points at a record that would be created first, so it cannot exist yet.
      values.set(record.key, pending)
      outcomes.push({resource: resource.name, name: record.name, action: 'create'})
      return
    }

    const existing = isFresh(record) ? undefined : await finder.find(resource, body)
    let action: SeedOutcome['action']
    let stored: Values
    if (existing && options.update && hasUpdate(resource)) {
      action = options.dryRun ? 'update' : 'updated'
      stored = existing
      if (!options.dryRun) {
        const path = `${collectionPath(resource, body)}/${encodeURIComponent(String(existing.id))}`
        const answer = unwrap((await client.request({method: 'PUT', path, body: wrap(resource, body)})).body, createShape(resource).root, path)
        if (answer.kind === 'record') stored = answer.record
      }
    } else if (existing) {
      action = options.dryRun ? 'reuse' : 'reused'
      stored = existing
    } else if (options.dryRun) {
      values.set(record.key, pending)
      outcomes.push({resource: resource.name, name: record.name, action: 'create'})
      return
    } else {
      action = 'created'
      const full = {...resource.defaults, ...body}
      for (const [field, value] of Object.entries(resource.derive?.(full) ?? {})) full[field] ??= value
      // Until its answer comes, the record may exist: the state says so if the job stops now.
      const unsure: SeedStateEntry = {resource: resource.name, name: record.name, id: '', action: 'created', uncertain: true, path: '', level: record.level}
      inFlight.set(record.key, unsure)
      try {
        stored = await createOnce(client, finder, resource, record, collectionPath(resource, full), full, body)
      } catch (error) {
        // Sent, answer lost, and not found again: a later apply that finds it must still count it as ours.
        if (error instanceof AcError && error.code === 'uncertain') entries.push(unsure)
        throw error
      } finally {
        inFlight.delete(record.key)
      }
    }

    const id = String(stored.id)
    values.set(record.key, {...body, ...stored, id})
    if (action === 'created') madeNow.add(record.key)
    outcomes.push({resource: resource.name, name: record.name, id, action})
    if (options.dryRun) return
    const earlier = createdBefore.get(record.key)
    entries.push({
      resource: resource.name,
      name: record.name,
      id,
      action: action as SeedAction,
      // Found again: an earlier apply made it, by id, or by a create whose answer it never had.
      createdByApply: action !== 'created' && earlier !== undefined && (earlier.id === id || isUncertain(earlier)) ? true : undefined,
      path: `${collectionPath(resource, body)}/${encodeURIComponent(id)}`,
      undo: resource.undo ? {method: resource.undo.method, path: resource.path, body: resource.undo.body({...body, id})} : undefined,
      level: record.level,
    })
  }

  const levels = [...new Set(records.map((record) => record.level))].sort((a, b) => a - b)
  const offInterrupt = options.onInterrupt && !options.dryRun
    ? onInterrupt(() => {
      const done = new Set(entries.map((entry) => `${entry.resource}.${entry.name}`))
      return options.onInterrupt!([...entries, ...inFlight.values()], outcomes, records.filter((record) => !done.has(record.key)).map((record) => record.key))
    })
    : undefined
  try {
    for (const level of levels) {
      const inLevel = records.filter((record) => record.level === level)
      resolveLevel(inLevel)
      await inParallel(
        inLevel,
        options.concurrency ?? 4,
        async (record) => {
          await one(record)
          options.onProgress?.(++done, records.length)
        },
      )
      options.onLevel?.(entries)
    }
  } catch (error) {
    // A job that stops says what it did and what it did not: the state file holds the first.
    if (error instanceof AcError && error.exitCode !== ExitCode.usage) throw stopped(error, outcomes, records)
    throw error
  } finally {
    offInterrupt?.()
    // What was done before a failure is state too: clean must find it.
    options.onLevel?.(entries)
  }

  const order = new Map(records.map((record, index) => [record.key, index]))
  outcomes.sort((a, b) => order.get(`${a.resource}.${a.name}`)! - order.get(`${b.resource}.${b.name}`)!)
  return {outcomes, entries}
}

const pendingReference = new Error('reference to a record not created yet')

function stopped(error: AcError, outcomes: SeedOutcome[], records: PlannedRecord[]): AcError {
  const done = new Set(outcomes.map((outcome) => `${outcome.resource}.${outcome.name}`))
  const tally = (action: string) => outcomes.filter((outcome) => outcome.action === action).length
  const left = records.filter((record) => !done.has(record.key)).map((record) => record.key)
  const listed = left.length > 5 ? `${left.slice(0, 5).join(', ')} and ${left.length - 5} more` : left.join(', ')
  const message = `${error.message}. Done before it stopped: ${tally('created')} created, ${tally('reused')} reused, ${tally('updated')} updated; not done: ${left.length} (${listed})`
  return new AcError(message, {
    code: error.code, exitCode: error.exitCode, status: error.status, pointer: error.pointer, cause: error,
    hint: error.code === 'uncertain' ? error.hint : `${error.hint ? `${error.hint}. ` : ''}Run the same seed apply again to finish: what exists is reused, not created twice`,
  })
}

/** The state after an apply: this run's entries, and what earlier runs created that this one did not touch. */
export function mergedState(previous: SeedState | undefined, entries: SeedStateEntry[], base: Omit<SeedState, 'records' | 'updatedAt' | 'version'>): SeedState {
  const touched = new Set(entries.map((entry) => `${entry.resource}.${entry.name}`))
  const kept = (previous?.records ?? []).filter((entry) => wasCreated(entry) && !touched.has(`${entry.resource}.${entry.name}`))
  return {version: 1, ...base, updatedAt: new Date().toISOString(), records: [...kept, ...entries]}
}
