// Request bodies: wrapper key and fields. Types and required come from the schemas (OpenAPI
// inline schema first, the text's resolved $ref second); the shape (wrapper key, field names)
// comes from the example when the schema disagrees with it or is missing.

import {FIELD_FLAGS, RESERVED_FLAGS} from './names.js'
import {compact, isPlainObject, kebab, describeLine, valueTypeOf, valueTypeOfSchema} from './util.js'

/** Better names than `<root>-<name>` for body fields that want a reserved flag. */
const RENAMED = {field: 'field-id'}

/** Slips in documented request examples, shown in `--help` examples: fixed in every string. */
const EXAMPLE_TYPOS = [[/Exmaple/g, 'Example'], [/ {2,}/g, ' ']]

function cleanExample(value) {
  if (typeof value === 'string') return EXAMPLE_TYPOS.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), value)
  if (Array.isArray(value)) return value.map(cleanExample)
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanExample(v)]))
  return value
}

/** A description with the schema's enum values, when it does not list them already. */
function withValues(description, schema) {
  const values = Array.isArray(schema?.enum) ? schema.enum.map((v) => String(v).replace(/^"|"$/g, '')).filter(Boolean) : []
  if (values.length === 0 || values.every((v) => description.includes(v))) return description
  return description ? `${description}: one of ${values.join(', ')}` : `One of ${values.join(', ')}`
}

const props = (schema) => (isPlainObject(schema?.properties) ? schema.properties : undefined)

/** Is this body a JSON array (bulk endpoints)? readme.io writes array bodies as a property `array`. */
function isArrayBody(example, schemas) {
  if (Array.isArray(example)) return true
  return schemas.some((s) => s.type === 'array' || (props(s) && Object.keys(props(s)).join() === 'array'))
}

/** The single wrapper key of an example or schema, when it has one object-valued key. */
function exampleRoot(example) {
  if (!isPlainObject(example)) return undefined
  const keys = Object.keys(example)
  return keys.length === 1 && isPlainObject(example[keys[0]]) ? keys[0] : undefined
}

function schemaRoot(schema) {
  const p = props(schema)
  if (!p) return undefined
  const keys = Object.keys(p)
  return keys.length === 1 && props(p[keys[0]]) ? keys[0] : undefined
}

/**
 * The schema level (properties + required) that describes the fields inside `root`: the root
 * property's own properties, the schema's top level, or any object property, whichever shares
 * most keys with the example's fields.
 */
function schemaLevel(schema, root, exampleKeys) {
  const p = props(schema)
  if (!p) return undefined
  const candidates = []
  if (root && props(p[root])) candidates.push({properties: props(p[root]), required: p[root].required})
  if (!root || !p[root]) candidates.push({properties: p, required: schema.required})
  for (const [k, v] of Object.entries(p)) if (k !== root && props(v)) candidates.push({properties: props(v), required: v.required})
  if (!exampleKeys) return candidates[0]
  let best
  let bestScore = 0
  for (const c of candidates) {
    const score = exampleKeys.filter((k) => k in c.properties).length
    if (score > bestScore) [best, bestScore] = [c, score]
  }
  return best
}

/**
 * Builds the catalogue's RequestBody.
 * `sources`: [{schema, example}] best first; `dotted`: `root.field` parameters; `taken`: flags
 * already used by the operation's query parameters; `options.root` forces the wrapper key,
 * `options.partial` (updates of one record: send only what changes) makes no field required;
 * `options.required` (field → boolean) corrects the schema where the API disagrees with it;
 * `options.flags` (field → flag) names a flag where FIELD_FLAGS or the kebab rule would not.
 */
export function buildBody(sources, dotted, taken, options = {}) {
  const schemas = sources.map((s) => s.schema).filter((s) => s && typeof s === 'object')
  const example = cleanExample(sources.map((s) => s.example).find((e) => e !== undefined && typeof e === 'object' && e !== null))
  if (schemas.length === 0 && example === undefined && dotted.length === 0) return undefined
  if (isArrayBody(example, schemas)) return compact({fields: [], example})

  const dottedRoot = dotted.length ? dotted[0].name.split('.')[0] : undefined
  let root = options.root ?? exampleRoot(example)
  if (!root && !(isPlainObject(example) && Object.keys(example).length > 1)) root = schemas.map(schemaRoot).find(Boolean)
  if (!root && dottedRoot) root = dottedRoot
  const inner = root ? example?.[root] : example
  const exampleKeys = isPlainObject(inner) ? Object.keys(inner) : undefined

  const fields = new Map()
  const add = (name, type, required, description) => {
    const prev = fields.get(name)
    if (prev) {
      prev.required ||= required
      prev.description ??= description
      return
    }
    fields.set(name, {name, type, required, description})
  }
  for (const schema of schemas) {
    const level = schemaLevel(schema, root, exampleKeys)
    if (!level) continue
    const required = new Set(Array.isArray(level.required) ? level.required : [])
    for (const [name, s] of Object.entries(level.properties)) {
      if (name === root) continue
      add(name, valueTypeOfSchema(s), required.has(name), withValues(describeLine(s?.description), s) || undefined)
    }
  }
  // Example keys the schemas lack, unless they only spell a schema field differently
  // (`companyName` beside `company_name`).
  const squash = (name) => name.toLowerCase().replace(/[^a-z0-9]/g, '')
  const known = new Set([...fields.keys()].map(squash))
  if (exampleKeys) for (const k of exampleKeys) if (!known.has(squash(k))) add(k, valueTypeOf(inner[k]), false, undefined)
  for (const d of dotted) {
    const [prefix, name] = d.name.split('.')
    if (prefix === root) add(name, d.type, Boolean(d.required), describeLine(d.description) || undefined)
  }

  const used = new Set(taken)
  const out = []
  for (const f of fields.values()) {
    let flag = options.flags?.[f.name] ?? FIELD_FLAGS[f.name] ?? kebab(f.name)
    if (RESERVED_FLAGS.has(flag) || used.has(flag)) flag = RENAMED[flag] ?? kebab(`${root ?? 'body'}-${f.name}`)
    if (used.has(flag)) flag = kebab(`${root ?? 'body'}-${f.name}`)
    for (let n = 2; used.has(flag); n++) flag = `${kebab(`${root ?? 'body'}-${f.name}`)}-${n}`
    used.add(flag)
    const required = options.required?.[f.name] ?? (f.required && !options.partial)
    out.push(compact({name: f.name, flag, type: f.type, required, description: f.description}))
  }
  return compact({root, fields: out, example})
}
