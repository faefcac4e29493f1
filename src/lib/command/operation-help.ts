import {Args, Flags} from '@oclif/core'

import {changesState} from '../client/methods.js'
import {usageError} from '../errors.js'
import {isId} from '../lookup.js'
import {describe, parameterResource, recordsResource, referenceTarget, takesFreeTextIds} from '../resources/index.js'
import {createNeeds} from '../request.js'
import type {BodyField, Operation, Parameter} from '../spec/types.js'
import {webPages} from '../resources/web.js'
import {bodyFlags, bulkDeleteFlags, confirmFlags, mutationFlags, outputFlags, pagingFlags, selectionFlags} from './flags.js'

// An operation's command line: its arguments, flags, help text and examples, all derived
// from the catalogue entry, so that 290 commands are described by the spec and nothing else.

type AnyFlag = ReturnType<typeof Flags.string> | ReturnType<typeof Flags.boolean>

export function isDelete(operation: Operation): boolean {
  return operation.method === 'DELETE'
}

/** Deletes, and changes to many records at once (`deals bulk-update`), ask first; reads never do. */
export function needsConfirmation(operation: Operation): boolean {
  return isDelete(operation) || (operation.method !== 'POST' && operation.method !== 'GET' && /:bulk-[^:]*$/.test(operation.command))
}

/** The query parameter of a delete that takes its ids in the query (`/accounts/bulk_delete?ids[]=`). */
export function idsInQuery(operation: Operation): Parameter | undefined {
  if (!isDelete(operation) || operation.pathParams.length > 0 || operation.body) return undefined
  return operation.query.length === 1 && operation.query[0].multiple && operation.query[0].name === 'ids[]' ? operation.query[0] : undefined
}

/** DELETE /x/{id} takes several ids: `ac tags delete 3 4 5`; so does a bulk endpoint: `ac accounts bulk-delete 3 4 5`. */
export function takesManyIds(operation: Operation): boolean {
  return (isDelete(operation) && operation.pathParams.length === 1 && operation.query.length === 0 && !operation.body) || idsInQuery(operation) !== undefined
}

/** The resource whose names a delete's ids may be given as (`ac contacts delete ann@example.com`). */
export function namedResource(operation: Operation): string | undefined {
  const resource = idsInQuery(operation) ? recordsResource(operation) : parameterResource(operation.path, operation.pathParams[0]?.name ?? '')
  return resource && describe(resource).lookup ? resource : undefined
}

/** What a record may be given as: `ID or contact email` (contacts are named by email only), `ID or tag name`. */
export function namedAs(resource: string): string {
  const lookup = describe(resource).lookup!
  if (lookup.field === 'email') return `ID or ${lookup.noun} email`
  return lookup.alsoField ? `ID, ${lookup.field} or ${lookup.alsoField}` : `ID or ${lookup.noun} name`
}

function referenceNote(resource: string, name: string): string {
  const target = referenceTarget(resource, name)
  return target ? ` (${namedAs(target)})` : ''
}

/** The API's wording for its flag values in a user's words: `(1 or 0)` → `(1 yes, 0 no)`, `Set this to "true" to X` → `X`. */
export function userWording(text: string, boolean = false): string {
  const upper = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
  // A boolean flag is its own yes or no (`--copyright`, `--no-copyright`).
  const yesNo = boolean ? '' : ' (1 yes, 0 no)'
  return text
    .replace(/^Set this to "true" (?:in order )?to (.*)$/i, (_all, rest: string) => `${upper(rest)}${boolean ? '' : ' (true or false)'}`)
    .replace(/^Give 1 to (.*)$/i, (_all, rest: string) => `${upper(rest)}${yesNo}`)
    .replaceAll(/ ?\(1 or 0\)/g, yesNo)
}

/** A field's help line, ending in the one required marker: `[required]`, or `[required, or --pipeline]`. */
function describeField(resource: string, field: BodyField | Parameter, also = '', needs?: string): string {
  const text = userWording((field.description ?? '').split('\n')[0].trim().replace(/\.$/, ''), field.type === 'boolean')
  const base = text || field.name
  const json = field.type === 'json' && !/\bJSON\b/.test(base) ? ' (JSON)' : ''
  const words = describe(resource).words?.[field.name]
  const worded = words ? ` (${Object.keys(words).join(', ')})` : ''
  const marker = field.required ? ' [required]' : needs ? ` [required, or --${needs}]` : ''
  return `${base}${json}${worded}${referenceNote(resource, field.name)}${also}${marker}`
}

/** Flags the runtime owns: never an alias of a body field. */
const RUNTIME_FLAGS = new Set(['output', 'json', 'columns', 'limit', 'offset', 'all', 'data', 'field', 'dry-run', 'yes', 'profile', 'debug', 'help', 'version', 'filter', 'sort', 'page-size', 'quiet', 'ids-from', 'jq'])

/** The flag the API's own name gives by the kebab rule (`listid`, `first-name`): the spelling before a rename. */
function kebab(name: string): string {
  return name
    .replaceAll('[]', '')
    .replaceAll(/[[\].\s_/]+/g, '-')
    .replaceAll(/([a-z\d])([A-Z])/g, '$1-$2')
    .replaceAll(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replaceAll(/[^a-z\d-]+/g, '-')
    .replaceAll(/-+/g, '-')
    .replaceAll(/^-|-$/g, '')
}

/** Deprecated fields stay usable, out of the help. */
export function isDeprecated(field: BodyField | Parameter): boolean {
  return /^\(Deprecated\)|\bdeprecated, no longer used\b/i.test(field.description ?? '')
}

/**
 * A query flag's name: `--tag VIP` reads better than `--tag-id VIP` once the flag takes names
 * (the catalogue's `--tag-id` stays an alias).
 */
export function queryFlagName(operation: Operation, parameter: Parameter): string {
  const short = parameter.flag.endsWith('-id') ? parameter.flag.slice(0, -3) : undefined
  const free = short && !operation.query.some((other) => other.flag === short) && !operation.body?.fields.some((field) => field.flag === short)
  return free && referenceTarget(recordsResource(operation), parameter.name) ? short : parameter.flag
}

/**
 * An id argument, checked before anything is sent: a whole number (or a UUID) where the API
 * numbers its records; where records can be named (`ac tags get VIP`), a name too, but a
 * negative or fractional number is never an id, and a contact is named by its email only.
 */
export function checkIdArgument(operation: Operation, parameter: Parameter, value: string): string {
  const named = parameterResource(operation.path, parameter.name)
  const lookup = named ? describe(named).lookup : undefined
  const fix = `Give the ${lookup ? `id or the ${lookup.noun}'s ${lookup.field}` : 'id'}, e.g. 12`
  const bad = (why: string) => usageError(`${parameter.flag.toUpperCase()} ${why}, got "${value}"`, fix)
  if (!value.trim()) throw bad('must not be empty')
  if (/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(value.trim()) && !/^\d+$/.test(value.trim())) throw bad('must be a whole number, 0 or more')
  if (lookup?.field === 'email' && !isId(value) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw bad(`must be a ${lookup.noun} id or email`)
  // Record ids are numbers, or UUIDs for custom objects; other parameters (schemaId, email, name) are free text.
  const idLike = parameter.type === 'integer' || (['id', 'accountId', 'dealId'].includes(parameter.name) && !takesFreeTextIds(operation.path))
  if (!lookup && idLike && !isId(value)) throw bad('must be a whole number (or a UUID)')
  return value
}

/** A list's plain filter flags (`deals list --pipeline`), where its catalogue has the filter. */
export function listFlagsOf(operation: Operation): Record<string, {parameter: string; description: string}> {
  if (!operation.paged) return {}
  const all = describe(recordsResource(operation)).listFlags ?? {}
  return Object.fromEntries(Object.entries(all).filter(([, {parameter}]) => operation.query.some((known) => known.name === parameter)))
}

export function argsFor(operation: Operation) {
  // A delete's ids may come from --ids-from or a selection instead: it checks that some came.
  const many = takesManyIds(operation)
  const named = many ? namedResource(operation) : undefined
  const what = named ? `${namedAs(named)} of a ${describe(named).lookup!.noun} to delete (several may be given)` : 'ID of a record to delete'
  const parameters = idsInQuery(operation) || named ? [{...(idsInQuery(operation) ?? operation.pathParams[0]), description: what, required: false}] : operation.pathParams
  return Object.fromEntries(
    parameters.map((parameter) => [parameter.flag, Args.string({
      required: !many, ignoreStdin: true, description: describeField(recordsResource(operation), parameter),
      parse: async (value) => checkIdArgument(operation, parameter, value),
    })]),
  )
}

export function flagsFor(operation: Operation): Record<string, unknown> {
  const flags: Record<string, AnyFlag | unknown> = {}
  let hasFilter = false
  let hasSort = false
  for (const parameter of operation.query) {
    if (parameter.flag === 'filter') hasFilter = true
    else if (parameter.flag === 'sort') hasSort = true
    else {
      const name = queryFlagName(operation, parameter)
      const aliases = name === parameter.flag ? [] : [parameter.flag]
      const description = describeField(recordsResource(operation), parameter, aliases.length > 0 ? ` (also --${aliases[0]})` : '')
      const hidden = isDeprecated(parameter) || undefined
      // A required query value has no --data alternative: oclif (and completion, `ac commands`) know it.
      const required = (parameter.required && !parameter.name.startsWith('filters[')) || undefined
      flags[name] = parameter.multiple ? Flags.string({description, multiple: true, multipleNonGreedy: true, aliases, hidden, required}) : Flags.string({description, aliases, hidden, required})
    }
  }

  if (hasFilter || operation.paged) {
    flags.filter = Flags.string({description: 'Filter: NAME=VALUE, or NAME[op]=VALUE (sent as filters[NAME])', multiple: true, multipleNonGreedy: true})
  }

  for (const [flag, {description}] of Object.entries(listFlagsOf(operation))) flags[flag] ??= Flags.string({description})
  if (hasSort || operation.paged) flags.sort = Flags.string({description: 'Sort: FIELD or FIELD:asc|desc (sent as orders[FIELD])', multiple: true, multipleNonGreedy: true})
  const bodyFields = operation.body?.fields ?? []
  const taken = new Set([...bodyFields.map((field) => field.flag), ...operation.query.map((parameter) => parameter.flag), ...RUNTIME_FLAGS])
  const needs = createNeeds(operation)
  const flagOf = (name: string) => bodyFields.find((field) => field.name === name)?.flag
  for (const field of bodyFields) {
    const target = referenceTarget(recordsResource(operation), field.name)
    // `--pipeline` for `--group`; `--list` for `--list-id`, as for query flags.
    const named = target ? (describe(target).lookup?.flagAlias ?? (field.flag.endsWith('-id') ? field.flag.slice(0, -3) : undefined)) : undefined
    const shown = named && !taken.has(named) ? [named] : []
    // The API's run-together spelling (`--listid`) still works after a rename (`--list-id`).
    const legacy = kebab(field.name)
    const aliases = [...shown, ...(legacy !== field.flag && !taken.has(legacy) && !shown.includes(legacy) ? [legacy] : [])]
    for (const alias of aliases) taken.add(alias)
    const unless = needs?.field === field.name ? flagOf(needs.unless) : undefined
    const description = describeField(recordsResource(operation), field, shown.length > 0 ? ` (also --${shown[0]})` : '', unless)
    const hidden = isDeprecated(field) || undefined
    flags[field.flag] =
      field.type === 'boolean'
        ? Flags.boolean({description, allowNo: true, aliases, helpGroup: 'BODY', hidden})
        : Flags.string({description, aliases, helpGroup: 'BODY', hidden})
  }

  const customFields = describe(recordsResource(operation)).customFields
  const writes = operation.method === 'POST' || operation.method === 'PUT' || operation.method === 'PATCH'
  // Where the body has the custom field list (`fieldValues`, `fields`): not on bulk changes.
  if (customFields && writes && bodyFields.some((field) => field.name === customFields.key)) {
    flags.field = Flags.string({description: 'Custom field value: ID=VALUE or NAME=VALUE (repeatable)', multiple: true, multipleNonGreedy: true, helpGroup: 'BODY'})
  }

  if (writes || operation.body) Object.assign(flags, bodyFlags)
  if (changesState(operation.method)) Object.assign(flags, mutationFlags)
  if (needsConfirmation(operation)) Object.assign(flags, confirmFlags)
  if (takesManyIds(operation)) {
    Object.assign(flags, bulkDeleteFlags)
    const selectBy = describe(recordsResource(operation)).selectBy
    if (selectBy) Object.assign(flags, selectionFlags(selectBy))
  }

  const relations = Object.keys(describe(recordsResource(operation)).relations ?? {})
  if (relations.length > 0 && operation.command.endsWith(':get')) {
    flags.with = Flags.string({description: `Also show the record's ${relations.join(', ')} by name (one request each)`, options: relations, multiple: true, delimiter: ','})
  }

  if (opensInApp(operation)) flags.web = Flags.boolean({description: 'Open the record in the ActiveCampaign app (prints its URL when not on a terminal); no request for an id'})

  // Deletes too: --json also shapes errors and dry-run output.
  Object.assign(flags, outputFlags)
  if (operation.paged) Object.assign(flags, pagingFlags)
  return flags
}

/** `get` of a record the web app has a page for: `ac deals get 7 --web`. */
export function opensInApp(operation: Operation): boolean {
  return operation.command.endsWith(':get') && operation.pathParams.length === 1 && recordsResource(operation) in webPages
}

export function descriptionFor(operation: Operation): string {
  const lines = [`API: ${operation.method} ${operation.path}`]
  if (operation.source === 'undocumented') lines.push('Not in the published reference, but answered by the API and widely used.')
  if (operation.paged) lines.push('Lists show 20 records; --limit, --offset and --all page through the rest.')
  if (takesManyIds(operation)) {
    const name = operation.pathParams[0]?.name ?? 'id'
    lines.push(`Give several ${name === 'id' ? 'IDs' : `${name}s`} (or --ids-from FILE|-) to delete several records: ${idsInQuery(operation) ? '100 a request' : 'several requests in flight'}, with a summary at the end.`)
    lines.push('An id already gone (404) is reported as such, not as a failure: re-running an interrupted delete finishes it.')
    if (describe(recordsResource(operation)).selectBy) lines.push(`Or select the ${recordsResource(operation)} to delete with ${Object.keys(describe(recordsResource(operation)).selectBy!).map((flag) => `--${flag}`).join(', ')}, --filter.`)
  }
  return lines.join('\n')
}

/**
 * The USAGE line, where a body field is required: shown without brackets, as oclif shows a
 * required flag (`ac deals create --title <value> ...`), though `--data` may carry it instead.
 */
export function usageFor(operation: Operation): string | undefined {
  const required = (operation.body?.fields ?? []).filter((field) => field.required && !isDeprecated(field))
  if (required.length === 0) return undefined
  const words = operation.command.replaceAll(':', ' ')
  const args = Object.keys(argsFor(operation)).map((name) => (takesManyIds(operation) ? `[${name.toUpperCase()}...]` : name.toUpperCase()))
  const flags = required.map((field) => `--${field.flag} <value>`)
  return [words, ...args, ...flags, '[FLAGS]', '(required flags may come inside --data instead)'].join(' ')
}
