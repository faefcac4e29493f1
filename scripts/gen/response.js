// Response envelopes: which key holds the records, and whether a list answers `meta`.
// Some documented examples are not valid JSON, so keys are also read leniently from the text.

import {isPlainObject} from './util.js'

/** Top-level keys of a JSON-ish text, tolerant of the errors the spec's examples contain. */
export function topLevelKeys(raw) {
  if (typeof raw !== 'string') return []
  let text = raw.trim()
  if (!text.startsWith('{') && !text.startsWith('[')) text = `{${text}}`
  if (!text.startsWith('{')) return []
  const keys = []
  const push = (k) => k && !keys.includes(k) && keys.push(k)
  let depth = 0
  let inString = false
  let buf = ''
  let lastString = null // a string just closed at depth 1, only whitespace since
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') {
        inString = false
        if (depth === 1) lastString = buf
      } else buf += c
      continue
    }
    if (c === '"') {
      inString = true
      buf = ''
    } else if (depth === 1 && c === ':') {
      push(lastString ?? text.slice(0, i).match(/[{,]\s*([A-Za-z_]\w*)\s*$/)?.[1])
      lastString = null
    } else if (c === '{' || c === '[') {
      if (depth === 1 && c === '{' && lastString !== null) push(lastString) // `"key" {`: a missing colon
      depth++
      lastString = null
    } else if (c === '}' || c === ']') {
      depth--
      lastString = null
    } else if (!/\s/.test(c)) {
      lastString = null
    }
  }
  return keys
}

export function singular(word) {
  if (word.endsWith('Meta')) return word.slice(0, -4) + 'Metum'
  if (word.endsWith('Data')) return word.slice(0, -4) + 'Datum'
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y'
  if (/(ss|sh|ch|x)es$/.test(word) || word.endsWith('sses')) return word.slice(0, -2)
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1)
  return word
}

const IGNORED = new Set(['meta', 'links'])

/**
 * The record key of a response envelope.
 * `example` is the parsed example (or undefined), `raw` its text; `nouns` the names the
 * records may go by, best first (the body's wrapper key, the collection the path ends with);
 * `single` when the operation answers one record.
 */
export function responseKeyOf(example, raw, nouns, single) {
  const all = isPlainObject(example) ? Object.keys(example) : topLevelKeys(raw)
  const wanted = nouns.filter(Boolean).flatMap((n) => (single ? [singular(n), n] : [n, singular(n)]))
  // `links` is the hypermedia map, except where the records are links (GET /campaigns/{id}/links).
  const keys = all.filter((k) => !IGNORED.has(k) || wanted.includes(k))
  if (keys.length === 0) return undefined
  if (keys.length === 1) {
    const value = isPlainObject(example) ? example[keys[0]] : undefined
    if (value === undefined || value === null || typeof value === 'object') return keys[0]
    return undefined // a flat record ({"id": ..., "name": ...}): no envelope
  }
  const lower = keys.map((k) => k.toLowerCase())
  for (const w of wanted) {
    const i = lower.indexOf(w.toLowerCase())
    if (i >= 0) return keys[i]
  }
  return undefined
}

/** Does the example carry a top-level `meta` (paged lists)? */
export function hasMeta(example, raw) {
  if (isPlainObject(example)) return 'meta' in example
  return topLevelKeys(raw).includes('meta')
}
