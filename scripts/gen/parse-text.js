// Parses the API reference text (spec/000_*.txt) into operation records and the schemas
// defined after the last operation.
//
// A block: path line, optional summary line(s), optional `| Name | In | ... |` table,
// optional JSON request-body block, then `METHOD /path`. After the last block come
// `SchemaName` lines each followed by a JSON schema.

import {METHODS, parseExample, valueTypeOfWord} from './util.js'

const END = new RegExp(`^(${METHODS.join('|')}) (/\\S*)(\\s.*)?$`)

/** Collects lines from `start` until they form one JSON value; returns [value, nextIndex]. */
function readJson(lines, start) {
  let text = ''
  for (let i = start; i < lines.length; i++) {
    text += lines[i] + '\n'
    if (!/^[}\]]/.test(lines[i].trim())) continue
    try {
      return [JSON.parse(text), i + 1]
    } catch {
      // not complete yet
    }
  }
  return [undefined, lines.length]
}

/** `| name | in | required | type | description |` → a parameter, or undefined for a malformed row. */
function parseRow(line) {
  const cells = line.split('|').slice(1, -1).map((c) => c.trim())
  if (cells.length < 4) return undefined
  const [name, location, required, type, ...rest] = cells
  if (!['path', 'query', 'header'].includes(location) || !name) return undefined
  return {
    name,
    in: location,
    required: required === 'required',
    type: valueTypeOfWord(type),
    rawType: type,
    description: rest.join(' | ').trim() || undefined,
  }
}

function parseBlock(lines) {
  // lines[0] is the path line
  const summary = []
  const params = []
  let requestBody
  for (let i = 1; i < lines.length; ) {
    const line = lines[i]
    const t = line.trim()
    if (t.startsWith('|')) {
      if (!/^\|\s*Name\s*\|/.test(t) && !/^\|[-\s|]+\|$/.test(t)) {
        const p = parseRow(t)
        if (p) params.push(p)
      }
      i++
    } else if (t === '{' && !requestBody) {
      const [value, next] = readJson(lines, i)
      requestBody = value
      i = next
    } else {
      if (t && !requestBody && params.length === 0) summary.push(t)
      i++
    }
  }
  return {summary: summary.join(' '), params, requestBody}
}

export function parseText(source) {
  const lines = source.split(/\r?\n/)
  let start = lines.findIndex((l) => /^https?:\/\//.test(l.trim())) + 1
  const ops = []
  let i = start
  for (; i < lines.length; i++) {
    const m = END.exec(lines[i])
    if (!m) continue
    const block = lines.slice(start, i)
    const parsed = parseBlock(block)
    ops.push({method: m[1], path: m[2], ...parsed})
    start = i + 1
  }

  // Schemas: a bare identifier line, then a JSON object.
  const schemas = {}
  for (let j = start; j < lines.length; ) {
    const name = lines[j].trim()
    if (/^[A-Za-z_][\w.-]*$/.test(name) && lines[j + 1]?.trim() === '{') {
      const [value, next] = readJson(lines, j + 1)
      if (value !== undefined) schemas[name] = value
      j = next
    } else {
      j++
    }
  }
  return {ops, schemas}
}

/** The request body of a text operation: {schema, example} with the $ref resolved when the text defines it. */
export function textRequestBody(op, schemas) {
  const content = op.requestBody?.content
  if (!content) return undefined
  const media = content['application/json'] ?? Object.values(content)[0]
  if (!media) return undefined
  let schema = media.schema
  let ref
  if (schema?.$ref) {
    ref = schema.$ref.split('/').pop()
    schema = schemas[ref]
  }
  const examples = media.examples ? Object.values(media.examples) : []
  let example
  for (const e of examples) {
    example = parseExample(e?.value)
    if (example !== undefined) break
  }
  if (example === undefined) example = parseExample(media.example)
  return {schema, example, ref}
}
