import type {Query} from '../client/client.js'
import {usageError} from '../errors.js'
import {addCustomFields, bodyWords, deriveFields, isName, missingFields, queryWords, queueBodyNames, queueQueryNames, referenceOf, type PendingName, type Values} from '../request.js'
import {numberForWord, recordsResource} from '../resources/index.js'
import type {Operation} from '../spec/types.js'
import type {Asker} from './ask.js'
import {convert, filterQuery, readJsonInput, sortQuery, splitAssignment} from './input.js'
import {listFlagsOf, queryFlagName} from './operation-help.js'

// A generated command's request from its flags: the query (filters, list flags, words and
// names), the body (--data under the named flags, custom fields, derived fields), with every
// input error found here, before any request. At a terminal, what is missing is asked for.

export async function buildQuery(operation: Operation, values: Values, names: PendingName[], asker?: Asker): Promise<Query> {
  const filterWord = operation.query.find((parameter) => parameter.flag === 'filter')?.name.replace(/\[.*$/, '')
  const query: Query = {...filterQuery(values.filter as string[], filterWord), ...sortQuery(values.sort as string[])}
  // `deals list --pipeline Sales --status won`: plain flags for the list's filters.
  for (const [flag, {parameter}] of Object.entries(listFlagsOf(operation))) if (values[flag] !== undefined) query[parameter] = String(values[flag])
  queryWords(operation, query)
  const resource = recordsResource(operation)
  for (const parameter of operation.query) {
    if (parameter.flag === 'filter' || parameter.flag === 'sort') continue
    const typed = values[queryFlagName(operation, parameter)]
    const given = typeof typed === 'string' ? numberForWord(resource, parameter.name, typed) : typed
    if (given === undefined) continue
    if (Array.isArray(given)) {
      query[parameter.name] = given.map((item) => String(convert(String(item), parameter.type, parameter.flag)))
      continue
    }

    // A name stays as given until it is looked up; anything else takes its documented type.
    query[parameter.name] = referenceOf(operation, parameter.name) && isName(String(given)) ? String(given) : (convert(String(given), parameter.type, parameter.flag) as string)
  }

  queueQueryNames(operation, query, names)

  for (const parameter of operation.query) {
    if (parameter.required && query[parameter.name] === undefined && !parameter.name.startsWith('filters[')) {
      if (!asker) throw usageError(`--${queryFlagName(operation, parameter)} is required`)
      query[parameter.name] = await asker.parameter(operation, parameter, queryFlagName(operation, parameter))
    }
  }

  return query
}

export async function buildBody(operation: Operation, values: Values, names: PendingName[], asker: Asker | undefined, flags: Record<string, {aliases?: string[]}>): Promise<unknown> {
  const spec = operation.body
  const writes = ['POST', 'PUT', 'PATCH'].includes(operation.method) || spec !== undefined
  if (!writes) return undefined
  let body: unknown = values.data === undefined ? undefined : await readJsonInput(values.data as string)
  if (!spec) return body
  const root = spec.root
  if (body === undefined) body = root ? {[root]: {}} : {}
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    if (spec.fields.length === 0) return body
    throw usageError('--data must be a JSON object for this operation')
  }

  // --data may be the whole body, or just the record inside its wrapper.
  // (`{"tag": "VIP"}` for a tag is the record: its wrapper would hold an object.)
  const wrapped = root !== undefined && typeof (body as Values)[root] === 'object' && (body as Values)[root] !== null
  if (root && !wrapped) body = {[root]: body}
  const inner = (root ? (body as Values)[root] : body) as Values
  for (const field of spec.fields) {
    const given = numberForWord(recordsResource(operation), field.name, values[field.flag])
    if (given === undefined) continue
    // A name stays as given until it is looked up (present for the required check).
    const named = referenceOf(operation, field.name, values) && isName(given)
    inner[field.name] = typeof given === 'string' && !named ? convert(given, field.type, field.flag) : given
  }

  bodyWords(operation, inner)
  addCustomFields(operation, (values.field as string[] | undefined)?.map((assignment) => splitAssignment(assignment, '--field')), inner)
  // At a terminal, the fields still missing are asked (each already in the API's terms).
  if (asker) await asker.fields(operation, inner, flags)

  queueBodyNames(operation, inner, names)
  deriveFields(operation, inner)

  const missing = missingFields(operation, inner)
  if (missing.length > 0) {
    throw usageError(`Missing ${missing.map((field) => `--${field.flag}`).join(', ')}`, missing.length === 1 ? 'Give it as a flag or inside --data' : 'Give them as flags or inside --data')
  }

  if ((operation.method === 'PUT' || operation.method === 'PATCH') && values.data === undefined && Object.keys(inner).length === 0 && spec.fields.length > 0) {
    throw usageError('Nothing to change', 'Give at least one field flag, or --data')
  }

  return body
}
