import type {ApiClient} from './client/client.js'
import {AcError, ExitCode, usageError} from './errors.js'
import {listRecords} from './paging.js'
import {describe, references} from './resources/index.js'

// Names instead of ids: `--tag VIP`, `--list Newsletter`, `--stage Qualified`. A value that
// is all digits is an id and costs nothing; a name is looked up once per process,
// case-insensitively, and must match exactly one record.

const cache = new Map<string, Promise<string>>()
const maxCandidatesShown = 8

export function isId(value: string): boolean {
  return /^\d+$/.test(value) || /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(value)
}

/** Whether `resource` records can be named (so a flag pointing at it accepts a name). */
function canLookUp(resource: string): boolean {
  return describe(resource).lookup !== undefined
}

async function lookUp(client: ApiClient, resource: string, name: string, within?: Record<string, string>): Promise<string> {
  const lookup = describe(resource).lookup!
  const wanted = name.toLowerCase()
  const candidates: Array<{id: string; name: string; also: string; preferred: boolean}> = []
  const records = listRecords(client, {path: lookup.path, query: lookup.query?.(name), all: true})
  for await (const record of records) {
    if (within && Object.entries(within).some(([field, value]) => String(record[field]) !== value)) continue
    const preferred = Object.entries(lookup.prefer ?? {}).every(([field, value]) => String(record[field]) === value)
    const also = lookup.alsoField ? String(record[lookup.alsoField] ?? '') : ''
    candidates.push({id: String(record.id), name: String(record[lookup.field] ?? ''), also, preferred})
  }

  const exact = candidates.filter((candidate) => candidate.name.toLowerCase() === wanted || candidate.also.toLowerCase() === wanted)
  const preferred = exact.filter((candidate) => candidate.preferred)
  const matches = preferred.length === 1 ? preferred : exact
  const list = (items: typeof candidates) =>
    items
      .slice(0, maxCandidatesShown)
      .map((item) => `${item.name} (${item.id})`)
      .join(', ') + (items.length > maxCandidatesShown ? `, and ${items.length - maxCandidatesShown} more` : '')
  if (matches.length === 1) return matches[0].id
  if (matches.length > 1) {
    // Stages of one name live in several pipelines: the flag that picks the pipeline settles it.
    const narrow = lookup.within ? `Give the id instead, or --${describe(references[lookup.within]?.to ?? '').lookup?.flagAlias ?? lookup.within} to narrow it` : 'Give the id instead'
    throw usageError(`The ${lookup.noun} name "${name}" is ambiguous: ${list(matches)}`, narrow)
  }

  const near = candidates.filter((candidate) => candidate.name.toLowerCase().includes(wanted))
  // Like an id the API does not know: exit 4, not a usage error.
  throw new AcError(`No ${lookup.noun} named "${name}"`, {code: 'not_found', exitCode: ExitCode.notFound, hint: near.length ? `Did you mean: ${list(near)}?` : undefined})
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
