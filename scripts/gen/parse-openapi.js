// Reads the OpenAPI file into the same operation records the text parser produces, plus
// the documented success response example.

import {METHODS, parseExample, shortLine, valueTypeOfSchema} from './util.js'

function resolver(doc) {
  const resolve = (schema, seen = new Set()) => {
    if (!schema || typeof schema !== 'object' || !schema.$ref) return schema
    if (seen.has(schema.$ref) || !schema.$ref.startsWith('#/')) return undefined
    seen.add(schema.$ref)
    let node = doc
    for (const part of schema.$ref.slice(2).split('/')) node = node?.[part]
    return resolve(node, seen)
  }
  return resolve
}

function firstValidExample(media) {
  if (!media) return {}
  const examples = media.examples ? Object.values(media.examples) : []
  let raw
  for (const e of examples) {
    const value = parseExample(e?.value)
    if (value !== undefined) return {value, raw: e.value}
    if (raw === undefined) raw = e?.value
  }
  const value = parseExample(media.example)
  if (value !== undefined) return {value, raw: media.example}
  return {raw}
}

/** Keys of an object and of the objects it holds directly (a body's wrapper and its record). */
function keysOf(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return []
  return Object.entries(value).flatMap(([k, v]) => [k, ...(v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [])])
}

/**
 * The request example that agrees best with the schema: the fewest keys the schema does not
 * know (`accountCustomFieldData` documents one example with `accountId` where the schema and
 * the seven other examples say `customerAccountId`). The first one wins a tie.
 */
function bestRequestExample(media, schema) {
  const examples = (media.examples ? Object.values(media.examples) : []).map((e) => parseExample(e?.value)).filter((v) => v !== undefined)
  const single = parseExample(media.example)
  if (single !== undefined) examples.push(single)
  if (examples.length <= 1) return examples[0]
  const known = new Set()
  const collect = (node, depth) => {
    if (!node || typeof node !== 'object' || depth > 2) return
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      known.add(k)
      collect(v, depth + 1)
    }
  }
  collect(schema, 0)
  if (known.size === 0) return examples[0]
  const unknown = (example) => keysOf(example).filter((k) => !known.has(k)).length
  return examples.reduce((best, e) => (unknown(e) < unknown(best) ? e : best))
}

function jsonMedia(content) {
  if (!content) return undefined
  return content['application/json'] ?? Object.values(content)[0]
}

function summaryOf(op) {
  let s = String(op.summary || '').replace(/^ActiveCampaign\s+/i, '')
  s = s.replace(/^(Copy of|WIP)\s+/i, '')
  return shortLine(s) || undefined
}

export function parseOpenApi(doc) {
  const resolve = resolver(doc)
  const ops = []
  for (const [path, item] of Object.entries(doc.paths || {})) {
    const shared = item.parameters || []
    for (const [m, op] of Object.entries(item)) {
      const method = m.toUpperCase()
      if (!METHODS.includes(method) || !op || typeof op !== 'object') continue
      const params = [...shared, ...(op.parameters || [])].map((raw) => {
        const p = resolve(raw) || {}
        const schema = resolve(p.schema) || {}
        return {
          name: p.name,
          in: p.in,
          required: Boolean(p.required),
          type: valueTypeOfSchema(schema),
          rawType: Array.isArray(schema.type) ? schema.type.join('|') : schema.type,
          array: schema.type === 'array',
          description: p.description ? String(p.description).trim() : undefined,
        }
      }).filter((p) => p.name && p.in)

      let requestBody
      const bodyMedia = jsonMedia(resolve(op.requestBody)?.content)
      if (bodyMedia) {
        const schema = deref(resolve(bodyMedia.schema), resolve)
        requestBody = {schema, example: bestRequestExample(bodyMedia, schema)}
      }

      let response
      const codes = Object.keys(op.responses || {}).filter((c) => /^2\d\d$/.test(c)).sort()
      for (const code of codes) {
        const media = jsonMedia(resolve(op.responses[code])?.content)
        const {value, raw} = firstValidExample(media)
        if (value !== undefined || raw !== undefined) {
          response = {status: Number(code), example: value, raw}
          break
        }
      }

      ops.push({
        method,
        path,
        summary: summaryOf(op),
        rawSummary: op.summary,
        tags: op.tags || [],
        params,
        requestBody,
        response,
      })
    }
  }
  return ops
}

/** Resolves $refs inside a schema tree (properties and items), so later code sees plain schemas. */
function deref(schema, resolve, depth = 0) {
  schema = resolve(schema)
  if (!schema || typeof schema !== 'object' || depth > 8) return schema
  const out = {...schema}
  if (schema.properties) {
    out.properties = {}
    for (const [k, v] of Object.entries(schema.properties)) out.properties[k] = deref(v, resolve, depth + 1)
  }
  if (schema.items) out.items = deref(schema.items, resolve, depth + 1)
  return out
}
