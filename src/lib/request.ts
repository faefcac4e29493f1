import type {ApiClient, Query} from './client/client.js'
import {isId, resolveId, resolveStage} from './lookup.js'
import {describe, filterField, numberForWord, parameterResource, recordsResource, referenceTarget} from './resources/index.js'
import type {BodyField, Operation, Parameter} from './spec/types.js'

// An operation's request from values keyed by the API's own names, shared by the generated
// commands (values typed as flags) and `ac mcp` (values an agent sends as JSON): which values
// are names to look up, in which order they resolve, and the path with its ids filled in.

export type Values = Record<string, unknown>

/** A reference given by name, to turn into an id once the input is known to be valid. */
export interface PendingName {
  resource: string
  value: string
  apply: (id: string) => void
  /** Record fields that narrow the search, known once the names it depends on are resolved. */
  within?: () => Record<string, string> | undefined
  /** Looks the name up itself, where the record being changed says where to look (a deal's own pipeline). */
  resolve?: (client: ApiClient) => Promise<string>
}

/** A value that must be looked up: a string that is not already an id. */
export function isName(value: unknown): value is string {
  return typeof value === 'string' && !isId(value)
}

/** What a note's `reltype` or a task's `ownerType` says its `relid` is: `Subscriber` is a contact. */
const relidTargets: Record<string, string> = {subscriber: 'contacts', contact: 'contacts', deal: 'deals', customeraccount: 'accounts', account: 'accounts'}

/** The resource a `relid` points at, read from its type field in `record` (keyed by API names or flags). */
function relidTarget(operation: Operation, record: Values): string | undefined {
  const typeField = operation.body?.fields.find((field) => field.name === 'reltype' || field.name === 'ownerType')
  const type = typeField ? (record[typeField.name] ?? record[typeField.flag]) : undefined
  return typeof type === 'string' ? relidTargets[type.trim().toLowerCase()] : undefined
}

/**
 * The resource whose name a query parameter or body field accepts (`tagid` → tags), if any.
 * Given the record, a `relid` takes the name of what its type says (`--rel-type Subscriber
 * --rel-id ann@example.com`).
 */
export function referenceOf(operation: Operation, field: string, record?: Values): string | undefined {
  const fixed = referenceTarget(recordsResource(operation), field)
  return fixed ?? (field === 'relid' && record ? relidTarget(operation, record) : undefined)
}

/** Queues the query values that are names (`tagid: "VIP"`); they are replaced by ids when resolved. */
export function queueQueryNames(operation: Operation, query: Query, names: PendingName[]): void {
  for (const parameter of operation.query) {
    const value = query[parameter.name]
    const target = referenceOf(operation, parameter.name)
    if (!target || !isName(value)) continue
    // `filters[stage]=Won` within `filters[group]=Sales`: the stage of that pipeline.
    const scope = describe(target).lookup?.within
    const sibling = scope ? parameter.name.replace(filterField(parameter.name), scope) : undefined
    const within = sibling && sibling !== parameter.name && query[sibling] !== undefined ? () => ({[scope!]: String(query[sibling])}) : undefined
    names.push({resource: target, value, apply: (id) => (query[parameter.name] = id), within})
  }
}

/** Words where the API wants a number in the query: `filters[status]=won` → `1`. */
export function queryWords(operation: Operation, query: Query): void {
  const resource = recordsResource(operation)
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string') query[key] = numberForWord(resource, key, value) as string
}

/** Words where the API wants a number in the body: a deal's `status: "won"` → `1`. */
export function bodyWords(operation: Operation, inner: Values): void {
  const resource = recordsResource(operation)
  for (const field of operation.body?.fields ?? []) {
    const value = inner[field.name]
    const number = numberForWord(resource, field.name, value)
    if (number !== value) inner[field.name] = field.type === 'integer' ? Number(number) : number
  }
}

/**
 * Queues the body values that are names: reference fields (`tag`, `stage`, `owner`) and the
 * custom field entries that name their field (`{field: "Birthday", value}`). A stage is
 * looked up within the pipeline the same body names, since every pipeline has its own "New".
 */
export function queueBodyNames(operation: Operation, inner: Values, names: PendingName[]): void {
  const resource = recordsResource(operation)
  for (const field of operation.body?.fields ?? []) {
    const given = inner[field.name]
    const target = referenceOf(operation, field.name, inner)
    if (!target || !isName(given)) continue
    const scope = describe(target).lookup?.within
    names.push({
      resource: target,
      value: given,
      apply: (id) => (inner[field.name] = field.type === 'integer' ? Number(id) : id),
      within: scope && inner[scope] !== undefined ? () => ({[scope]: String(inner[scope])}) : undefined,
    })
  }

  const style = describe(resource).customFields
  const entries = style ? inner[style.key] : undefined
  if (!style || !Array.isArray(entries)) return
  for (const entry of entries as Values[]) {
    const field = entry?.[style.idKey]
    if (isName(field)) names.push({resource: style.definitions, value: field, apply: (id) => (entry[style.idKey] = Number(id))})
  }
}

/** Fields a create may leave out because they follow from others (a list's `stringid`). */
export function deriveFields(operation: Operation, inner: Values): void {
  if (operation.method !== 'POST') return
  for (const [key, value] of Object.entries(describe(recordsResource(operation)).derive?.(inner) ?? {})) inner[key] ??= value
}

export function missingFields(operation: Operation, inner: Values): BodyField[] {
  const fields = operation.body?.fields ?? []
  const missing = fields.filter((field) => field.required && inner[field.name] === undefined)
  // A create the API would refuse without its key field, though the schema calls it optional.
  const needs = createNeeds(operation)
  const field = needs && inner[needs.field] === undefined && !inner[needs.unless] ? fields.find((candidate) => candidate.name === needs.field) : undefined
  return field && !missing.includes(field) ? [field, ...missing] : missing
}

/** The field a create needs unless another is given, when both are in its body. */
export function createNeeds(operation: Operation): {field: string; unless: string} | undefined {
  const needs = operation.method === 'POST' && operation.command.endsWith(':create') ? describe(recordsResource(operation)).createNeeds : undefined
  const fields = operation.body?.fields ?? []
  return needs && fields.some((field) => field.name === needs.field) && fields.some((field) => field.name === needs.unless) ? needs : undefined
}

/**
 * `deals update 7 --stage Qualified`: a stage named without its pipeline is looked for in the
 * deal's own pipeline first (one GET of the deal), as the MCP move_deal tool does.
 */
export function stagesInDealPipeline(operation: Operation, names: PendingName[], dealPath: () => Promise<string>): void {
  if (recordsResource(operation) !== 'deals' || operation.method === 'POST' || operation.pathParams.length !== 1) return
  for (const name of names) {
    if (name.resource !== 'dealStages' || name.within) continue
    name.resolve = async (client) => (await resolveStage(client, name.value, {deal: (await dealPath()).split('/').pop()!})).stage
  }
}

/** Names that narrow others (a deal's pipeline) first, then those they narrow (its stage). */
export async function resolveNames(client: ApiClient, names: PendingName[]): Promise<void> {
  const resolveAll = (batch: PendingName[]) => Promise.all(batch.map(async (name) => name.apply(await (name.resolve ? name.resolve(client) : resolveId(client, name.resource, name.value, name.within?.())))))
  await resolveAll(names.filter((name) => !name.within))
  await resolveAll(names.filter((name) => name.within))
}

/** The path with each parameter filled in; the record's own id may be given by name (`ann@example.com`). */
export async function fillPath(client: ApiClient, operation: Operation, valueOf: (parameter: Parameter) => string): Promise<string> {
  let path = operation.path
  for (const parameter of operation.pathParams) {
    let value = valueOf(parameter)
    const named = parameterResource(operation.path, parameter.name)
    if (named && describe(named).lookup) value = await resolveId(client, named, value)
    path = path.replace(`{${parameter.name}}`, encodeURIComponent(value))
  }

  return path
}

/** `--field Birthday=1990-01-01` as [field, value] pairs: entries naming their field, looked up with the other names. */
export function addCustomFields(operation: Operation, fields: Array<[string, string]> | undefined, inner: Values): void {
  const style = describe(recordsResource(operation)).customFields
  if (!style || !fields?.length) return
  const entries = (inner[style.key] ??= []) as Values[]
  for (const [field, value] of fields) entries.push({[style.idKey]: isId(field) && Number.isSafeInteger(Number(field)) ? Number(field) : field, [style.valueKey]: value})
}
