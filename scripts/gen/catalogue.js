// Merges the two sources (plus the undocumented operations) into the catalogue.

import {buildBody} from './body.js'
import {nameOperation} from './naming.js'
import {HAND_WRITTEN_TOPICS, RESERVED_FLAGS, UNDOCUMENTED} from './names.js'
import {buildPathParams, buildQuery} from './params.js'
import {hasMeta, responseKeyOf, singular} from './response.js'
import {SUMMARIES, checkSummaries, normaliseSummary} from './summaries.js'
import {textRequestBody} from './parse-text.js'
import {compact, fail, matchKey, placeholders, shortLine} from './util.js'

function group(textOps, openApiOps) {
  const groups = new Map()
  const slot = (method, path) => {
    const key = matchKey(method, path)
    if (!groups.has(key)) groups.set(key, {key, method, text: [], openapi: [], undocumented: undefined})
    return groups.get(key)
  }
  for (const op of textOps) slot(op.method, op.path).text.push(op)
  for (const op of openApiOps) slot(op.method, op.path).openapi.push(op)
  for (const op of UNDOCUMENTED) {
    const g = slot(op.method, op.path)
    if (g.text.length === 0 && g.openapi.length === 0) g.undocumented = op
  }
  return [...groups.values()]
}

function sourceOf(g) {
  if (g.undocumented) return 'undocumented'
  if (g.text.length && g.openapi.length) return 'both'
  return g.text.length ? 'text' : 'openapi'
}

function fallbackSummary(method, command) {
  const words = command.split(':')
  return `${words.at(-1)} ${words.slice(0, -1).join(' ')}`.replace(/-/g, ' ')
}

function buildOperation(g, schemas) {
  const rep = g.text[0] ?? g.openapi[0] ?? g.undocumented
  const method = g.method
  const named = nameOperation(method, rep.path)
  const {override} = named
  const sources = [...g.openapi, ...g.text, ...(g.undocumented ? [{path: rep.path, params: g.undocumented.params ?? []}] : [])]

  const summary =
    SUMMARIES[g.key] ??
    normaliseSummary(
      g.openapi.map((o) => o.summary).find(Boolean) ??
        (g.text.map((t) => shortLine(t.summary)).find(Boolean) || undefined) ??
        g.undocumented?.summary ??
        fallbackSummary(method, named.command),
    )

  const pathParams = buildPathParams(named.params, sources)
  const {query, paging, dotted} = buildQuery(sources)
  for (const q of query) if (override.required?.[q.name] !== undefined) q.required = override.required[q.name]

  let body
  if (method !== 'GET') {
    const bodySources = [
      ...g.openapi.map((o) => o.requestBody).filter(Boolean),
      ...g.text.map((t) => textRequestBody(t, schemas)).filter(Boolean),
    ]
    const partial = (method === 'PUT' || method === 'PATCH') && named.command.endsWith(':update') && /\}$/.test(named.path)
    body = buildBody(bodySources, dotted, query.map((q) => q.flag), {root: override.bodyRoot, partial, required: override.required, flags: override.flags})
    if (body && !body.root && body.fields.length === 0 && body.example === undefined) body = undefined
  }

  const response = g.openapi.map((o) => o.response).find((r) => r && (r.example !== undefined || r.raw))
  const segments = named.path.split('/').filter(Boolean)
  const lastStatic = [...segments].reverse().find((s) => !s.startsWith('{'))
  const collection = method === 'GET' && !segments.at(-1).startsWith('{')
  const isList = method === 'GET' && named.command.endsWith(':list')
  let responseKey = override.responseKey ?? g.undocumented?.responseKey
  if (!responseKey && response) responseKey = responseKeyOf(response.example, response.raw, [body?.root, lastStatic], !collection)
  if (!responseKey && !response) {
    // Undocumented response (text-only operations): the API's usual envelope.
    if (isList) responseKey = lastStatic
    else if (method === 'GET' && !collection) responseKey = singular(lastStatic)
    else if (method !== 'DELETE' && body?.root) responseKey = body.root
  }
  // A list whose documented answer names no key (`/emailActivities`): the API's usual envelope,
  // so that `{}` from it reads as no records, as it does on every other list.
  if (!responseKey && isList) responseKey = lastStatic
  // Every `list` is paged: the API pages all collections, and reading only the first 20
  // records is the classic integration bug. Others when limit/offset or `meta` say so.
  const paged = method === 'GET' && (isList || paging || (collection && hasMeta(response?.example, response?.raw)))

  const operation = compact({
    command: named.command,
    method,
    path: named.path,
    summary,
    source: sourceOf(g),
    resource: named.resource,
    pathParams,
    query,
    body,
    responseKey,
    paged: paged || undefined,
  })
  const example = override.noResponseExample ? undefined : response?.example
  return {operation, alias: named.alias, example, key: g.key}
}

/** Fails on anything oclif or the runtime could not live with. */
function validate(operations) {
  const ids = new Map()
  for (const op of operations) {
    if (ids.has(op.command)) {
      fail(`duplicate command id ${op.command}: ${ids.get(op.command).method} ${ids.get(op.command).path} and ${op.method} ${op.path}`)
    }
    ids.set(op.command, op)
  }
  const topics = new Set()
  for (const id of ids.keys()) {
    const parts = id.split(':')
    if (HAND_WRITTEN_TOPICS.has(parts[0])) fail(`${id}: topic ${parts[0]} belongs to hand-written commands`)
    for (let n = 1; n < parts.length; n++) topics.add(parts.slice(0, n).join(':'))
  }
  for (const id of ids.keys()) if (topics.has(id)) fail(`${id} is both a command and a topic`)
  for (const op of operations) {
    const names = placeholders(op.path)
    if (names.join() !== op.pathParams.map((p) => p.name).join()) fail(`${op.command}: path and pathParams disagree`)
    const flags = new Set()
    const check = (flag, what, shared) => {
      if (!/^[a-z][a-z0-9-]*$/.test(flag)) fail(`${op.command}: bad flag name ${flag} (${what})`)
      if (!shared && RESERVED_FLAGS.has(flag)) fail(`${op.command}: ${what} takes reserved flag --${flag}`)
      if (!shared && flags.has(flag)) fail(`${op.command}: two parameters want --${flag}`)
      flags.add(flag)
    }
    for (const q of op.query) check(q.flag, `query ${q.name}`, q.flag === 'filter' || q.flag === 'sort')
    for (const f of op.body?.fields ?? []) check(f.flag, `body field ${f.name}`, false)
    if (!op.summary) fail(`${op.command}: no summary`)
  }
  return topics
}

export function buildCatalogue(textOps, schemas, openApiOps) {
  const built = group(textOps, openApiOps).map((g) => buildOperation(g, schemas))
  built.sort((a, b) => (a.operation.command < b.operation.command ? -1 : a.operation.command > b.operation.command ? 1 : 0))
  const operations = built.map((b) => b.operation)
  const topics = validate(operations)
  checkSummaries(operations, new Set(built.map((b) => b.key)))

  const ids = new Set(operations.map((o) => o.command))
  const aliases = {}
  const taken = new Set()
  const dropped = []
  for (const b of built) {
    const a = b.alias
    if (!a) continue
    if (ids.has(a) || topics.has(a) || taken.has(a) || [...ids].some((id) => a.startsWith(id + ':'))) {
      dropped.push(`${a} (for ${b.operation.command})`)
      continue
    }
    taken.add(a)
    aliases[b.operation.command] = [a]
  }
  // An alias may not be a topic prefix of a command either.
  for (const a of taken) for (const id of ids) if (id.startsWith(a + ':')) fail(`alias ${a} is a topic of ${id}`)

  const examples = {}
  for (const b of [...built].sort((x, y) => {
    const kx = `${x.operation.method} ${x.operation.path}`
    const ky = `${y.operation.method} ${y.operation.path}`
    return kx < ky ? -1 : kx > ky ? 1 : 0
  })) {
    if (b.example !== undefined) examples[`${b.operation.method} ${b.operation.path}`] = b.example
  }
  return {operations, aliases, examples, topics, droppedAliases: dropped}
}
