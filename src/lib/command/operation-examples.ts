import {changesState} from '../client/methods.js'
import {createNeeds} from '../request.js'
import type {BodyField, Operation, Parameter} from '../spec/types.js'
import {idsInQuery, isDelete, isDeprecated, needsConfirmation, takesManyIds} from './operation-help.js'

// The examples in each generated command's help: complete command lines that parse and
// send a request, built from the documented request example and the field types.

type Json = Record<string, unknown>

/**
 * Values for fields the documented example leaves out, by the field's API name: what a real
 * value looks like, never a placeholder (`NAME`) a user has to guess the shape of.
 */
const SAMPLES: Array<[RegExp, string]> = [
  [/email/i, 'ann@example.com'],
  [/^username$/i, 'jdoe'],
  [/^first_?name$/i, 'Ann'],
  [/^last_?name$/i, 'Lee'],
  [/phone/i, '+1 555 0100'],
  [/date$|^edate$|^tstamp$|At$/i, '2024-07-01T10:00:00-05:00'],
  [/url$/i, 'https://www.example.com'],
  [/logo/i, 'https://www.example.com/logo.png'],
  [/currency$/i, 'usd'],
  [/^title$/i, 'Follow-up call'],
  [/^(note|body|content|text)$/i, 'Called, will call back'],
  [/^subject$/i, 'Welcome'],
  [/^(label|name)$/i, 'Example'],
  [/name$/i, 'Acme'],
  [/^tag$/i, 'VIP'],
  [/^slug$/i, 'my-object'],
  [/^external(check[oO]ut)?id$/i, 'order-1001'],
  [/^owner_?type$/i, 'deal'],
  [/^sentiment$/i, 'Positive'],
  [/^channel$/i, 'email'],
  [/^format$/i, 'text'],
  [/^description$|^descript$/i, 'Example description'],
]

/** A value for a path argument, by its name. */
function argValue(operation: Operation, parameter: Parameter, index: number, inner: Json | undefined): string {
  const documented = inner?.[parameter.name]
  if (typeof documented === 'string' && documented && !/\s/.test(documented)) return documented
  if (parameter.name === 'email') return 'ann@example.com'
  if (parameter.name === 'username') return 'jdoe'
  if (parameter.name === 'externalId') return 'order-1001'
  if (parameter.name === 'schemaId') return '6449c3f3-b68d-46d1-850b-c8aea998ce1b'
  if (parameter.name === 'name') return operation.resource === 'siteTrackingDomains' ? 'example.com' : 'signed-up'
  return String(index + 1)
}

/** Samples for one command's field, where the general rule above would pick a value it refuses. */
const COMMAND_SAMPLES: Record<string, string> = {
  'campaigns:update type': 'single',
  'lists:exclusions:update channel': 'all',
}

/** A sample value for a field or query parameter nobody documented. */
function sampleValue(name: string, type: string, command = ''): string {
  if (COMMAND_SAMPLES[`${command} ${name}`]) return COMMAND_SAMPLES[`${command} ${name}`]
  if (type === 'integer' || type === 'number' || /(^|_)id$|Id$|ids?$/.test(name)) return '1'
  if (type === 'json') return '[]'
  return SAMPLES.find(([pattern]) => pattern.test(name))?.[1] ?? 'example'
}

/** Trims a documented JSON value for one example line: arrays to their first item, objects to `keys` keys. */
function trimJson(value: unknown, keys = Infinity): unknown {
  if (Array.isArray(value)) return value.slice(0, 1).map((item) => trimJson(item, keys))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).slice(0, keys).map(([k, v]) => [k, trimJson(v, keys)]))
  return value
}

function exampleValue(field: BodyField, example: Json | undefined, command = ''): string {
  const documented = example?.[field.name]
  if (field.type === 'json' && documented !== undefined && documented !== null && typeof documented === 'object') {
    const whole = JSON.stringify(trimJson(documented))
    return whole.length <= 150 ? whole : JSON.stringify(trimJson(documented, 4))
  }
  if (typeof documented === 'string' && documented.trim() && !documented.includes('\n')) return documented.replaceAll(/\s+/g, ' ').trim()
  if (typeof documented === 'number') return String(documented)
  return sampleValue(field.name, field.type, command)
}

function quote(value: string): string {
  return /^[\w@.:/+,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`
}

function flagFor(field: BodyField, inner: Json | undefined, command = ''): string {
  if (field.type !== 'boolean') return `--${field.flag} ${quote(exampleValue(field, inner, command))}`
  const documented = inner?.[field.name]
  return documented === false || documented === 0 || documented === '0' ? `--no-${field.flag}` : `--${field.flag}`
}

function queryFlagsFor(operation: Operation): string[] {
  // Required ones always; on a bulk delete, the ids too (without them it deletes nothing).
  const bulkIds = (parameter: Parameter) => isDelete(operation) && /ids?(\[\])?$/i.test(parameter.name)
  const shown = operation.query.filter((parameter) => parameter.flag !== 'filter' && parameter.flag !== 'sort' && (parameter.required || bulkIds(parameter)))
  return shown.flatMap((parameter) => {
    if (parameter.multiple) return [`--${parameter.flag} 1`, `--${parameter.flag} 2`]
    const value = parameter.type === 'string' && /ids$/i.test(parameter.name) ? '1,2,3' : sampleValue(parameter.name, parameter.type)
    return [`--${parameter.flag} ${quote(value)}`]
  })
}

/**
 * The help's examples: each a complete command line that parses and sends a request (with ids
 * of records the account may not have). First the named flags (every required one, then what
 * the documented example sets, four at most unless more are required), then the whole
 * documented body as --data, paging, and --yes where the command asks first.
 */
export function examplesFor(operation: Operation, commandLine: string): string[] {
  const exampleBody = operation.body?.example as Json | unknown[] | undefined
  const inner = (operation.body?.root && exampleBody && !Array.isArray(exampleBody) ? exampleBody[operation.body.root] : exampleBody) as Json | undefined
  const documented = inner && !Array.isArray(inner) ? inner : undefined
  const args = operation.pathParams.map((parameter, index) => quote(argValue(operation, parameter, index, documented)))
  const line = (...parts: string[]) => [commandLine, ...parts].filter(Boolean).join(' ')
  const fields = (operation.body?.fields ?? []).filter((field) => !isDeprecated(field))
  // A field a create needs unless another is given (a deal's stage, or its pipeline) counts as required.
  const needs = createNeeds(operation)
  const required = fields.filter((field) => field.required || field.name === needs?.field)
  const flag = (field: BodyField, values = documented) => flagFor(field, values, operation.command)
  // Documented optional fields, those the description says may be needed first; JSON ones
  // only when short. A delete's body shows only what is required.
  const isDocumented = (field: BodyField) => documented !== undefined && field.name in documented && documented[field.name] !== null
  const fitsLine = (field: BodyField) => field.type !== 'json' || flag(field).length <= 130
  const optional = isDelete(operation)
    ? []
    : fields
        .filter((field) => !required.includes(field) && isDocumented(field) && fitsLine(field))
        .sort((a, b) => Number(/required if|give --/i.test(b.description ?? '')) - Number(/required if|give --/i.test(a.description ?? '')))
  // One of a pair the API needs one of (a deal's --account or --contact) counts as required.
  const oneOf = optional.filter((field) => /required if|give --/i.test(field.description ?? '')).slice(0, 1)
  let shown = [...required, ...oneOf, ...optional.slice(0, Math.max(0, 4 - required.length - oneOf.length))]
  // An update with nothing documented still shows how to change something.
  if (shown.length === 0 && !isDelete(operation)) {
    const changeable = (field: BodyField) => field.type !== 'json' && field.name !== 'password' && !/cannot be changed|always \d/i.test(field.description ?? '')
    shown = fields.filter((field) => changeable(field)).slice(0, 2)
  }

  shown = fields.filter((field) => shown.includes(field)) // in the spec's order

  const examples: string[] = []
  const query = queryFlagsFor(operation)
  const writes = changesState(operation.method) && !isDelete(operation)
  if (fields.length === 0 && exampleBody !== undefined && writes) {
    // Bodies without named fields (bulk endpoints take a JSON array): the documented body, inline.
    examples.push(line(...args, ...query, '--data', quote(JSON.stringify(trimJson(exampleBody)))))
  } else {
    examples.push(line(...args, ...query, ...shown.map((field) => flag(field))))
    if (writes && exampleBody !== undefined && documented) {
      const data = JSON.stringify(exampleBody)
      const missing = required.filter((field) => !(field.name in documented)).map((field) => flag(field, undefined))
      examples.push(line(...args, ...query, '--data', data.length <= 100 ? quote(data) : '@body.json', ...missing))
    }
  }

  if (operation.paged) examples.push(line(...args, ...query, '--all -o csv'))
  if (needsConfirmation(operation)) {
    // Several ids at once where the command takes them; a bulk change as its first example.
    const many = takesManyIds(operation) && (operation.pathParams[0]?.name ?? 'id') === 'id'
    const ids = idsInQuery(operation) ? [] : query
    examples.push(isDelete(operation) ? line(...(many ? ['1', '2', '3'] : args), ...ids, '--yes') : `${examples[0]} --yes`)
  }

  return examples
}
