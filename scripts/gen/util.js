// Small helpers shared by the generator modules.

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']

/** `firstName` → `first-name`, `bulk_import` → `bulk-import`, `filters[email]` → `filters-email`. */
export function kebab(name) {
  return String(name)
    .replace(/\[\]/g, '')
    .replace(/[[\].\s_/]+/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
}

/** `contact-id` → `contactId`. */
export function camel(name) {
  return kebab(name).replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())
}

/** `/contacts/{contactId}/x` → `/contacts/{}/x`: the key two sources are matched on. */
export function matchKey(method, path) {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`
}

/** Path placeholders in order. */
export function placeholders(path) {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1])
}

/** Parses a documented example: objects as they are, strings when they are valid JSON, else undefined. */
export function parseExample(value) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') return value
  const text = value.trim()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** A JSON value's type as the catalogue names it. */
export function valueTypeOf(value) {
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  if (value !== null && typeof value === 'object') return 'json'
  return 'string'
}

/** An OpenAPI schema type as the catalogue names it. */
export function valueTypeOfSchema(schema) {
  if (!schema || typeof schema !== 'object') return 'string'
  let type = schema.type
  if (Array.isArray(type)) type = type.find((t) => t !== 'null')
  if (type === 'integer' || type === 'number' || type === 'boolean' || type === 'string') return type
  if (type === 'object' || type === 'array' || schema.properties || schema.items) return 'json'
  return 'string'
}

/** A type word from the text's parameter table. */
export function valueTypeOfWord(word) {
  const w = String(word || '').toLowerCase()
  if (w.startsWith('int')) return 'integer'
  if (w === 'number' || w === 'float' || w === 'double') return 'number'
  if (w.startsWith('bool')) return 'boolean'
  if (w === 'object') return 'json'
  return 'string'
}

/** One short line: whitespace collapsed, first sentence of a long paragraph, at most ~100 characters. */
export function shortLine(text) {
  // Markdown links read as noise in a terminal: keep their text.
  let s = String(text || '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
  if (s.length > 100) {
    const dot = s.search(/[.!?](\s|$)/)
    if (dot > 0 && dot < 100) s = s.slice(0, dot)
    else s = s.slice(0, 97).replace(/\s+\S*$/, '') + '...'
  }
  return s.replace(/[.\s]+$/, '')
}

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|eg|ie|etc|vs|approx|no)$/i

/** Splits a paragraph into sentences (a period before a lower-case word, or after `e.g`, does not end one). */
export function sentences(text) {
  const out = []
  let start = 0
  for (const match of text.matchAll(/[.!?]\s+/g)) {
    const end = match.index + 1
    const next = text[match.index + match[0].length]
    if (!next || /[a-z]/.test(next) || ABBREVIATION.test(text.slice(start, match.index))) continue
    out.push(text.slice(start, end).trim())
    start = match.index + match[0].length
  }
  const rest = text.slice(start).trim()
  if (rest) out.push(rest)
  return out
}

/**
 * A flag or argument description: markdown links reduced to their text, whitespace collapsed,
 * whole sentences while they fit in about `max` characters (help wraps them), never a cut word.
 * A first sentence too long on its own (a list of values) is cut after a comma: "..., and others".
 */
export function describeLine(text, max = 200) {
  const s = String(text || '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[\u200b\u00a0]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (!s) return ''
  const parts = sentences(s)
  let out = parts[0]
  for (const part of parts.slice(1)) {
    if (out.length + 1 + part.length > max) break
    out += ' ' + part
  }
  const limit = 300
  if (out.length > limit) {
    const comma = out.lastIndexOf(', ', limit)
    out = comma > 40 ? `${out.slice(0, comma)}, and others` : out.slice(0, out.lastIndexOf(' ', limit))
  }
  return out.replace(/[.\s]+$/, '').replace(/[,:;]$/, '')
}

/** Removes undefined properties (JSON.stringify would too, but this keeps key order explicit). */
export function compact(object) {
  const out = {}
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v
  return out
}

export function fail(message) {
  const err = new Error(message)
  err.generatorFailure = true
  throw err
}
