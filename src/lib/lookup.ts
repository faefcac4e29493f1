import type {ApiClient} from './client/client.js'
import {unwrap} from './envelope.js'
import {AcError, ExitCode, usageError} from './errors.js'
import {listRecords} from './paging.js'
import {canAsk, select} from './prompter/index.js'
import {describe, references} from './resources/index.js'

// Names instead of ids: `--tag VIP`, `--list Newsletter`, `--stage Qualified`. A value that
// is all digits is an id and costs nothing; a name is looked up once per process,
// case-insensitively, and must match exactly one record (at a terminal, a name several
// records share is a choice instead).

const cache = new Map<string, Promise<string>>()
const maxCandidatesShown = 8

/** Names a person settled by choosing among several records: the "Next time" line gives their ids. */
export const chosen = new Map<string, string>()

export function isId(value: string): boolean {
  return /^\d+$/.test(value) || /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(value)
}

/** Whether `resource` records can be named (so a flag pointing at it accepts a name). */
function canLookUp(resource: string): boolean {
  return describe(resource).lookup !== undefined
}

interface Candidate {
  id: string
  name: string
  also: string
  preferred: boolean
  /** The record's value of the field that narrows it (a stage's pipeline id). */
  scope?: string
}

/** The names of the records that narrow a lookup (pipeline id → title), for messages and choices: one request, on ambiguity only. */
async function scopeNames(client: ApiClient, resource: string): Promise<Map<string, string>> {
  const scope = describe(resource).lookup?.within
  const target = scope ? describe(references[scope]?.to ?? '').lookup : undefined
  const names = new Map<string, string>()
  if (!target) return names
  for await (const record of listRecords(client, {path: target.path, all: true})) names.set(String(record.id), String(record[target.field] ?? ''))
  return names
}

async function ambiguous(client: ApiClient, resource: string, name: string, matches: Candidate[]): Promise<string> {
  const lookup = describe(resource).lookup!
  const scopes = await scopeNames(client, resource)
  const scopeNoun = lookup.within ? (describe(references[lookup.within]?.to ?? '').lookup?.noun ?? lookup.within) : undefined
  const within = (item: Candidate) => (item.scope !== undefined && scopes.has(item.scope) ? scopes.get(item.scope) : undefined)
  if (canAsk()) {
    const id = await select(
      `Which ${lookup.noun} "${name}"?`,
      matches.map((item) => ({name: within(item) ? `${within(item)} › ${item.name}` : `${item.name}${item.also ? ` <${item.also}>` : ''} (${item.id})`, value: item.id})),
    )
    chosen.set(`${resource}\u0000${name.toLowerCase()}`, id)
    return id
  }

  const listed =
    matches
      .slice(0, maxCandidatesShown)
      .map((item) => `${item.name} (${item.id}${within(item) ? `, ${scopeNoun} ${within(item)}` : ''})`)
      .join(', ') + (matches.length > maxCandidatesShown ? `, and ${matches.length - maxCandidatesShown} more` : '')
  // Stages of one name live in several pipelines: the flag that picks the pipeline settles it.
  const narrow = lookup.within ? `Give the id instead, or --${describe(references[lookup.within]?.to ?? '').lookup?.flagAlias ?? lookup.within} to narrow it` : 'Give the id instead'
  throw usageError(`The ${lookup.noun} name "${name}" is ambiguous: ${listed}`, narrow)
}

async function lookUp(client: ApiClient, resource: string, name: string, within?: Record<string, string>): Promise<string> {
  const lookup = describe(resource).lookup!
  const wanted = name.toLowerCase()
  const candidates: Candidate[] = []
  const records = listRecords(client, {path: lookup.path, query: lookup.query?.(name), all: true})
  for await (const record of records) {
    if (within && Object.entries(within).some(([field, value]) => String(record[field]) !== value)) continue
    const preferred = Object.entries(lookup.prefer ?? {}).every(([field, value]) => String(record[field]) === value)
    const also = lookup.alsoField ? String(record[lookup.alsoField] ?? '') : ''
    const scope = lookup.within && record[lookup.within] !== undefined ? String(record[lookup.within]) : undefined
    candidates.push({id: String(record.id), name: String(record[lookup.field] ?? ''), also, preferred, scope})
  }

  const exact = candidates.filter((candidate) => candidate.name.toLowerCase() === wanted || candidate.also.toLowerCase() === wanted)
  const preferred = exact.filter((candidate) => candidate.preferred)
  const matches = preferred.length === 1 ? preferred : exact
  if (matches.length === 1) return matches[0].id
  if (matches.length > 1) return ambiguous(client, resource, name, matches)

  const near = candidates.filter((candidate) => candidate.name.toLowerCase().includes(wanted))
  const list = near
    .slice(0, maxCandidatesShown)
    .map((item) => `${item.name} (${item.id})`)
    .join(', ') + (near.length > maxCandidatesShown ? `, and ${near.length - maxCandidatesShown} more` : '')
  // Like an id the API does not know: exit 4, not a usage error.
  throw new AcError(`No ${lookup.noun} named "${name}"`, {code: 'not_found', exitCode: ExitCode.notFound, hint: near.length ? `Did you mean: ${list}?` : undefined})
}

/**
 * The id for a value that is an id or a name of a `resource` record. `within` keeps only
 * records whose fields equal these values (a stage named "New" within pipeline 3).
 */
export function resolveId(client: ApiClient, resource: string, value: string, within?: Record<string, string>): Promise<string> {
  if (isId(value) || !canLookUp(resource)) return Promise.resolve(value)
  const key = `${resource}\u0000${value.toLowerCase()}\u0000${JSON.stringify(within ?? {})}`
  let found = cache.get(key)
  if (!found) {
    found = lookUp(client, resource, value, within)
    cache.set(key, found)
  }

  return found
}

/** A deal's pipeline id (`group`), or undefined when the deal has none. */
export async function pipelineOfDeal(client: ApiClient, deal: string): Promise<string | undefined> {
  const {body} = await client.request({method: 'GET', path: `/deals/${deal}`})
  const answer = unwrap(body, 'deal', '/deals/{id}')
  const group = answer.kind === 'record' ? answer.record.group : undefined
  return group === undefined || group === null || group === '' || group === '0' ? undefined : String(group)
}

/**
 * A stage where a person means it: within the pipeline given; else within the deal's own
 * pipeline first (every pipeline has its "Qualified"), and only when that pipeline has no
 * stage of the name, anywhere. `group` is the pipeline the stage was looked in, if any.
 * Shared by `ac deals update --stage` and the MCP move_deal tool.
 */
export async function resolveStage(client: ApiClient, stage: string, scope: {pipeline?: string; deal?: string}): Promise<{stage: string; group?: string}> {
  const group = scope.pipeline ? await resolveId(client, 'dealGroups', scope.pipeline) : scope.deal ? await pipelineOfDeal(client, scope.deal) : undefined
  if (!group) return {stage: await resolveId(client, 'dealStages', stage)}
  try {
    return {stage: await resolveId(client, 'dealStages', stage, {group}), group}
  } catch (error) {
    if (scope.pipeline || !(error instanceof AcError) || error.code !== 'not_found') throw error
    return {stage: await resolveId(client, 'dealStages', stage)}
  }
}
