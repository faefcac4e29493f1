import type {ApiClient, Query} from '../client/client.js'
import {confirmOrRefuse, refuseUnlessConfirmable} from '../command/confirm.js'
import {filterQuery, readStdinText, readTextFile} from '../command/input.js'
import {idsInQuery, namedResource} from '../command/operation-help.js'
import {AcError, usageError} from '../errors.js'
import {isId, resolveId} from '../lookup.js'
import {printValue, type OutputOptions} from '../output/index.js'
import {progress} from '../output/progress.js'
import {listRecords} from '../paging.js'
import {describe, recordsResource, referenceTarget} from '../resources/index.js'
import type {Operation} from '../spec/types.js'
import {writeFileAtomic} from '../files.js'
import {onInterrupt, sameCommand} from '../interrupt.js'
import {inParallel} from '../parallel.js'
import {parseIds} from './ids-input.js'
import {Tally} from './tally.js'
import {whatGoes} from './what-goes.js'

export type {DeleteSummary} from './tally.js'

// Every `delete` that takes ids, whether one or ten thousand: ids from arguments, a file or a
// selection (contacts by tag, list, search, filter), one confirmation naming the count, many
// requests in flight at the shared 5 req/s, and a summary in which a 404 is "already gone",
// so that re-running an interrupted delete finishes it with exit 0.

export interface DeleteOptions {
  operation: Operation
  /** Ids (or names) from the arguments and the operation's own id flag. */
  given: string[]
  idsFrom?: string
  /** Selection flag → value (`tag` → `VIP`), for resources that describe `selectBy`. */
  selection: Record<string, string | undefined>
  filters?: string[]
  yes: boolean
  dryRun: boolean
  quiet: boolean
  output: OutputOptions
  client: () => Promise<ApiClient>
  /** The request path for one id (already resolved from a name). */
  pathFor: (client: ApiClient, id: string) => Promise<string>
  /** Success text for people: stderr, on a terminal only. */
  tell: (message: string) => void
}

interface Target {
  id: string
  /** What the user knows it by: the name given, or a selected contact's email. */
  label?: string
}

const workers = 8
/** Ids per request to a bulk endpoint (`/accounts/bulk_delete?ids[]=`): the URL stays a few KB. */
const idsPerBulkRequest = 100
const sampleSize = 5

interface Words {
  one: string
  many: string
}

function wordsFor(resource: string): Words {
  const noun = describe(resource).lookup?.noun
  return noun ? {one: noun, many: `${noun}s`} : {one: `${resource} record`, many: `${resource} records`}
}

/** `/tags/{id}` → `tags`, for the name of a file of ids left. */
function resourceSlug(path: string): string {
  return path.split('/').filter((segment) => segment && !segment.startsWith('{')).join('-') || 'records'
}

function selectionGiven(options: DeleteOptions): boolean {
  return Object.values(options.selection).some((value) => value !== undefined) || (options.filters?.length ?? 0) > 0
}

function count(n: number, words: Words): string {
  return `${n} ${n === 1 ? words.one : words.many}`
}

async function readIds(operation: Operation, file: string): Promise<string[]> {
  const text = file === '-' ? await readStdinText() : readTextFile(file)
  return parseIds({text, from: file === '-' ? 'stdin' : file, acceptsNames: namedResource(operation) !== undefined})
}

interface Selection {
  query: Query
  /** Query parameters given by name, looked up once requests may be sent. */
  names: Array<{parameter: string; resource: string; value: string}>
  /** `--tag VIP --search ann`, for messages. */
  text: string
}

function selectionOf(options: DeleteOptions, resource: string): Selection | undefined {
  const selectBy = describe(resource).selectBy ?? {}
  const query: Query = filterQuery(options.filters, 'filters')
  const names: Selection['names'] = []
  const words: string[] = (options.filters ?? []).map((filter) => `--filter ${filter}`)
  for (const [flag, {parameter}] of Object.entries(selectBy)) {
    const value = options.selection[flag]
    if (value === undefined) continue
    words.unshift(`--${flag} ${value}`)
    const target = referenceTarget(resource, parameter)
    if (target && !isId(value)) names.push({parameter, resource: target, value})
    query[parameter] = value
  }

  return words.length > 0 ? {query, names, text: words.join(' ')} : undefined
}

async function select(client: ApiClient, resource: string, selection: Selection, quiet: boolean): Promise<Target[]> {
  await Promise.all(selection.names.map(async (name) => (selection.query[name.parameter] = await resolveId(client, name.resource, name.value))))
  const description = describe(resource)
  const shown = progress(`Selecting ${wordsFor(resource).many}`, {quiet, stdoutBuffered: true})
  const targets: Target[] = []
  try {
    const records = listRecords(client, {
      path: `/${resource}`,
      query: selection.query,
      all: true,
      byIdGreater: description.pagesByIdGreater,
      onPage: ({fetched, total}) => shown.update(fetched, total),
    })
    for await (const record of records) {
      const label = description.lookup ? record[description.lookup.field] : undefined
      targets.push({id: String(record.id), label: label ? String(label) : undefined})
    }
  } finally {
    shown.done()
  }

  return targets
}

/** Names → ids (one look-up each, several in flight); the same record named twice is deleted once. */
async function resolve(client: ApiClient, operation: Operation, given: string[]): Promise<Target[]> {
  const named = namedResource(operation)
  const targets: Target[] = Array.from({length: given.length})
  await inParallel(given, workers, async (value, index) => {
    const id = named && !isId(value) ? await resolveId(client, named, value) : value
    targets[index] = id === value ? {id} : {id, label: value}
  })
  const seen = new Set<string>()
  return targets.filter((target) => !seen.has(target.id) && seen.add(target.id))
}

function find(client: ApiClient, operation: Operation, selection: Selection | undefined, given: string[], quiet: boolean): Promise<Target[]> {
  return selection ? select(client, recordsResource(operation), selection, quiet) : resolve(client, operation, given)
}

function sample(targets: Target[]): string {
  const shown = targets.slice(0, sampleSize).map((target) => (target.label ? `${target.id} (${target.label})` : target.id))
  return shown.join(', ') + (targets.length > sampleSize ? `, and ${targets.length - sampleSize} more` : '')
}

async function deleteAll(options: DeleteOptions, client: ApiClient, targets: Target[], words: Words): Promise<Tally> {
  const {operation} = options
  const tally = new Tally()
  // Nothing reaches stdout until the summary (a dry run's lines excepted): the bar may share a terminal with it.
  const shown = progress(`Deleting ${words.many}`, {quiet: options.quiet, long: targets.length > 1, stdoutBuffered: !options.dryRun})
  // A dry run prints its requests in order, one at a time.
  const inFlight = options.dryRun ? 1 : workers
  const ids = targets.map((target) => target.id)
  const bulk = idsInQuery(operation)
  // Ctrl-C: what was deleted and what was not; the same command finishes (a 404 is "already gone").
  const offInterrupt = options.dryRun ? undefined : onInterrupt(() => {
    shown.done()
    const done = new Set([...tally.deleted, ...tally.alreadyGone, ...tally.failed.map((failure) => failure.id)])
    const notDone = ids.filter((id) => !done.has(id))
    const format = options.output.format
    if (format === 'json' || format === 'ndjson' || format === 'yaml') {
      const summary = {...tally.toJSON(), notDone, interrupted: true}
      process.stdout.write((format === 'json' ? JSON.stringify(summary, null, 2) : JSON.stringify(summary)) + '\n')
    }

    const stopped = `Delete stopped: ${count(tally.deleted.length, words)} deleted, ${tally.alreadyGone.length} already gone, ${tally.failed.length} failed, ${notDone.length} not done${notDone.length > 0 ? ` (${notDone.slice(0, sampleSize).join(', ')}${notDone.length > sampleSize ? ', ...' : ''})` : ''}.`
    // Ids read from stdin are gone with it: the ones left (failed ones too) go to a file the resume reads.
    if (options.idsFrom === '-' && !selectionGiven(options)) {
      const left = [...tally.failed.map((failure) => failure.id), ...notDone]
      if (left.length === 0) return [stopped, 'Nothing is left to do.']
      const path = `${resourceSlug(operation.path)}-delete.remaining.txt`
      writeFileAtomic(path, left.join('\n') + '\n')
      return [stopped, `The ${left.length} ids left are in ${path}. Finish with: ${sameCommand({from: '-', to: path})}`]
    }

    return [stopped, `Finish with: ${sameCommand()} (what is already gone counts as done)`]
  })
  try {
    if (bulk) {
      const batches = Array.from({length: Math.ceil(ids.length / idsPerBulkRequest)}, (_, index) => ids.slice(index * idsPerBulkRequest, (index + 1) * idsPerBulkRequest))
      await inParallel(batches, inFlight, async (batch) => {
        await tally.attempt(batch, () => client.request({method: 'DELETE', path: operation.path, query: {[bulk.name]: batch}}))
        shown.update(tally.done, ids.length)
      })
    } else {
      await inParallel(ids, inFlight, async (id) => {
        await tally.attempt([id], async () => client.request({method: 'DELETE', path: await options.pathFor(client, id)}))
        shown.update(tally.done, ids.length)
      })
    }
  } finally {
    offInterrupt?.()
    shown.done()
  }

  return tally
}

async function report(options: DeleteOptions, tally: Tally, targets: Target[], words: Words): Promise<void> {
  // One record: its error reads (and exits) as it always has.
  if (targets.length === 1 && tally.failed.length === 1) throw tally.firstError
  const format = options.output.format
  const printsSummary = format === 'json' || format === 'ndjson' || format === 'yaml'
  if (printsSummary) await printValue(tally.toJSON(), options.output)
  if (targets.length === 1) {
    const gone = `${words.one.charAt(0).toUpperCase()}${words.one.slice(1)} ${targets[0].id} was already gone`
    // Not a plain success: a script deleting what it believes exists hears it, not only a person (the JSON summary says it already).
    if (tally.alreadyGone.length > 0 && !printsSummary) process.stderr.write(`${gone}\n`)
    else options.tell(tally.alreadyGone.length > 0 ? gone : `Deleted ${words.one} ${targets[0].id}`)
    return
  }

  const line = [
    `Deleted ${count(tally.deleted.length, words)}`,
    tally.alreadyGone.length > 0 ? `${tally.alreadyGone.length} already gone` : undefined,
    tally.failed.length > 0 ? `${tally.failed.length} failed` : undefined,
  ]
    .filter(Boolean)
    .join(', ')
  if (tally.failed.length === 0) {
    options.tell(line)
    return
  }

  // Failures are news wherever stderr goes.
  process.stderr.write(`${line}:\n${tally.failed.map((failure) => `  ${failure.id}: ${failure.error}\n`).join('')}`)
  const error = new AcError(`${tally.failed.length} of ${count(targets.length, words)} not deleted (listed above)`, {
    code: 'partial_failure',
    exitCode: tally.exitCode,
    hint: 'Running the same command again retries them: what is already gone counts as done',
  })
  error.inJsonOutput = printsSummary
  throw error
}

/** Read only when a person is about to be asked. */
async function whatGoesOf(options: DeleteOptions, resource: string, target: Target): Promise<string | undefined> {
  const client = await options.client()
  return whatGoes(client, resource, target.id, await options.pathFor(client, target.id))
}

export async function deleteMany(options: DeleteOptions): Promise<void> {
  const {operation} = options
  const resource = recordsResource(operation)
  const words = wordsFor(resource)

  // 1. Everything that can be wrong with the input, and a refusal off a terminal, before any request.
  const selection = selectionOf(options, resource)
  const given = [...options.given, ...(options.idsFrom === undefined ? [] : await readIds(operation, options.idsFrom))]
  if (selection && given.length > 0) throw usageError(`Give ids or ${selection.text}, not both`)
  if (!selection && given.length === 0 && options.idsFrom === undefined) throw usageError('Give at least one id', 'As arguments, or one a line with --ids-from FILE|-')

  const what = selection ? `delete the ${words.many} selected by ${selection.text}` : given.length <= 3 ? `delete ${resource} ${given.join(', ')}` : `delete ${count(given.length, words)}`
  refuseUnlessConfirmable(what, options)

  // 2. What exactly is to go, then one question naming the count.
  // An empty list piped in (`ac tags list -o csv | ac tags delete --ids-from -` once all are gone) is nothing to do, as an empty selection is.
  const targets = given.length === 0 && !selection ? [] : await find(await options.client(), operation, selection, given, options.quiet)
  if (targets.length === 0) {
    process.stderr.write(`Nothing to delete: no ${words.many} ${selection ? `match ${selection.text}` : `in ${options.idsFrom === '-' ? 'stdin' : options.idsFrom}`}\n`)
    if (options.output.format === 'json') await printValue(new Tally().toJSON(), options.output)
    return
  }

  if (!options.yes && !options.dryRun) {
    if (targets.length > 1) process.stderr.write(`${count(targets.length, words)} to delete: ${sample(targets)}\n`)
    const one = targets.length === 1 ? await whatGoesOf(options, resource, targets[0]) : undefined
    await confirmOrRefuse(targets.length > 1 ? `Delete ${count(targets.length, words)}?` : `Delete ${words.one} ${one ?? sample(targets)}?`, options)
  }

  // 3. The deletes, and what became of each.
  const tally = await deleteAll(options, await options.client(), targets, words)
  if (options.dryRun) {
    options.tell(`Would delete ${count(targets.length, words)}`)
    return
  }

  await report(options, tally, targets, words)
}
