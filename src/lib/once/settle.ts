import type {ApiClient, ApiRequest, ApiResponse} from '../client/client.js'
import {AcError, ExitCode} from '../errors.js'
import {listRecords} from '../paging.js'
import {describe} from '../resources/index.js'
import {operations} from '../spec/catalogue.js'
import {matchesKey, type NaturalKey, naturalKeyOf} from './keys.js'

// Settling a create whose answer was lost (the client's `uncertain`: a reset after sending, a
// gateway error, a timeout, a garbled answer). The record is looked up by its natural key
// before anything is re-sent: found, the first POST worked; not found, it did not, and sending
// it again cannot make a second one. A record with no natural key is left as "may or may not",
// with the command that checks.

type Values = Record<string, unknown>

/** How many times a create that its natural key shows was not made is sent again. */
export const MAX_RESENDS = 3

export const isLostAnswer = (error: unknown): error is AcError => error instanceof AcError && error.code === 'uncertain'

export type Settled<T> = {answer: T} | {found: Values; lost: AcError}

/**
 * `send` until it is answered; after each lost answer `find` decides: the record found is
 * the outcome, nothing found means send again (at most MAX_RESENDS times). A failed look-up
 * or the last resend lost too: the lost answer's error, saying why it is still not known.
 */
export async function createOnce<T>(send: () => Promise<T>, find: () => Promise<Values | undefined>, pause?: (resend: number) => Promise<void>): Promise<Settled<T>> {
  for (let resends = 0; ; resends++) {
    // A server that failed may be busy: a resend waits as a retry would.
    if (resends > 0) await pause?.(resends - 1)
    try {
      return {answer: await send()}
    } catch (error) {
      if (!isLostAnswer(error)) throw error
      let found: Values | undefined
      try {
        found = await find()
      } catch (lookup) {
        throw stillUnknown(error, `looking it up failed too: ${(lookup as Error).message}`)
      }

      if (found) return {found, lost: error}
      if (resends >= MAX_RESENDS) throw stillUnknown(error, `not created after ${resends + 1} attempts`)
    }
  }
}

function stillUnknown(error: AcError, why: string): AcError {
  return new AcError(`${error.message} (${why})`, {code: 'uncertain', exitCode: ExitCode.failure, status: error.status, hint: error.hint, cause: error})
}

/** Asked of the server now, no further than the first match. */
export async function findByKey(client: ApiClient, natural: Pick<NaturalKey, 'key' | 'keyDefaults' | 'search'>, record: Values): Promise<Values | undefined> {
  const {path, query} = natural.search(record)
  for await (const found of listRecords(client, {path, query, all: true})) if (matchesKey(natural, found, record)) return found
  return undefined
}

/**
 * One request as a command or an MCP tool sends it. A POST that creates a record with a
 * unique natural key is settled by it (`said` hears that the answer was lost and the record
 * found); any other lost create says which command checks whether it was made.
 */
export async function sendOnce(client: ApiClient, request: ApiRequest, options: {root?: string; said?: (note: string) => void} = {}): Promise<ApiResponse> {
  const keyed = request.method.toUpperCase() === 'POST' ? naturalKeyOf(request.path) : undefined
  const sent = (options.root ? (request.body as Values | undefined)?.[options.root] : request.body) as Values | undefined
  const record = {...sent, ...keyed?.pathValues}
  // A record sent without its key (a phone-only contact has no email) cannot be found by it.
  if (!keyed?.natural.unique || !hasKey(keyed.natural, record)) {
    try {
      return await client.request(request)
    } catch (error) {
      if (isLostAnswer(error) && request.method.toUpperCase() === 'POST') throw withCheck(error, request, options.root)
      throw error
    }
  }

  const {natural} = keyed
  let outcome: Settled<ApiResponse>
  try {
    outcome = await createOnce(() => client.request(request), () => findByKey(client, natural, record), (resend) => client.backoff(resend))
  } catch (error) {
    // Still unknown (the look-up failed too, or every resend was lost): say how to look.
    if (isLostAnswer(error)) throw withCheck(error, request, options.root)
    throw error
  }

  if ('answer' in outcome) return outcome.answer
  const id = outcome.found.id === undefined ? '' : ` ${String(outcome.found.id)}`
  const where = `${request.method.toUpperCase()} ${request.path.split('?')[0]}`
  options.said?.(`The answer to ${where} was lost (${briefly(outcome.lost.message, where)}); ${natural.noun}${id} was found by ${natural.said}: it was created`)
  return {status: 200, body: options.root ? {[options.root]: outcome.found} : outcome.found, headers: {}}
}

function hasKey(natural: NaturalKey, record: Values): boolean {
  return natural.key.every((field) => {
    const value = record[field] ?? natural.keyDefaults?.[field]
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && String(value).trim() !== ''
  })
}

/** What happened to the answer, without the garbled body or gateway page: `answered 502`, `closed the connection (ECONNRESET)`. */
function briefly(message: string, where: string): string {
  const said = message.startsWith(`${where} `) ? message.slice(where.length + 1) : message
  const status = /^failed \((\d+)\)/.exec(said)
  if (status) return `answered ${status[1]}`
  return said.replace(/^failed: /, '').replace(/(not JSON).*$/, '$1').slice(0, 100)
}

/** A lost create with no natural key: the list command (and search) that shows whether it was made. */
function withCheck(error: AcError, request: ApiRequest, root?: string): AcError {
  const check = checkCommand(request.path, ((root ? (request.body as Values | undefined)?.[root] : request.body) ?? {}) as Values)
  if (!check) return error
  return new AcError(error.message, {
    code: error.code, exitCode: error.exitCode, status: error.status, cause: error.cause,
    hint: `It may or may not have been applied: check with \`${check}\` before sending it again`,
  })
}

const quoted = (value: string) => `"${value.replaceAll(/(["\\$`])/g, '\\$1')}"`

export function checkCommand(path: string, record: Values): string | undefined {
  const bare = path.split('?')[0]
  const list = operations().find((operation) => operation.method === 'GET' && operation.paged && fillsTo(operation.path, bare))
  if (!list) return undefined
  const words = `ac ${list.command.replaceAll(':', ' ')}`
  const label = ['title', 'name', 'tag', 'note', 'subject', 'email'].map((field) => record[field]).find((value) => typeof value === 'string' && value.trim())
  if (typeof label !== 'string') return words
  // `--search`: the list's own parameter, or a plain flag the resource gives it (deals: filters[search]).
  if (list.query.some((parameter) => parameter.name === 'search') || describe(list.resource).listFlags?.search) return `${words} --search ${quoted(label)}`
  const filter = list.query.find((parameter) => /^filters\[(title|name)\]$/.test(parameter.name) && record[parameter.name.slice(8, -1)] === label)
  return filter ? `${words} --filter ${quoted(`${filter.name.slice(8, -1)}=${label}`)}` : words
}

function fillsTo(template: string, path: string): boolean {
  return new RegExp(`^${template.replaceAll(/\{\w+\}/g, '[^/]+')}$`).test(path)
}
