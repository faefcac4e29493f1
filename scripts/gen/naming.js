// Turns a method + path into a command id, canonical path parameter names and an alias,
// using the tables in names.js.

import {OVERRIDES, RESOURCES, SUBRESOURCE_NOUNS} from './names.js'
import {fail, kebab, matchKey, placeholders} from './util.js'

const isParam = (segment) => /^\{.*\}$/.test(segment)

function resourceEntry(prefix) {
  const entry = RESOURCES[prefix]
  if (entry === undefined) return undefined
  return typeof entry === 'string' ? {topic: entry, alias: prefix} : {alias: prefix, ...entry}
}

/** The longest RESOURCES prefix of the path's leading static segments. */
function findResource(segments) {
  const statics = []
  for (const s of segments) {
    if (isParam(s)) break
    statics.push(s)
  }
  for (let n = statics.length; n > 0; n--) {
    const prefix = statics.slice(0, n).join('/')
    const entry = resourceEntry(prefix)
    if (entry) return {prefix, entry, rest: segments.slice(n)}
  }
  return undefined
}

const CRUD = new Set(['list', 'get', 'create', 'update', 'delete'])

const BASE_VERBS = {
  collection: {GET: 'list', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete'},
  item: {GET: 'get', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete'},
}

function nounOf(segment) {
  return SUBRESOURCE_NOUNS[segment] ?? kebab(segment)
}

/** The verb (last command word) the generic rules give, or undefined when they cannot tell. */
function genericVerb(method, rest) {
  if (rest.length === 0) return BASE_VERBS.collection[method]
  if (rest.length === 1 && isParam(rest[0])) return BASE_VERBS.item[method]
  if (rest.every((s) => !isParam(s))) return rest.map(kebab).join('-') // bulk_delete, me, code
  if (isParam(rest[0]) && rest.slice(1).every((s) => !isParam(s))) {
    // /contacts/{id}/bounceLogs (sub-collection) or /campaigns/{id}/copy (action)
    return rest.slice(1).map(nounOf).join('-')
  }
  return undefined
}

/**
 * Names one operation. Returns {command, topic, verb, params (canonical names, path order),
 * path (with canonical names), alias, override}.
 */
export function nameOperation(method, rawPath) {
  const key = matchKey(method, rawPath)
  const override = OVERRIDES[key] ?? {}
  const segments = rawPath.split('/').filter(Boolean)
  const found = findResource(segments)
  if (!found) fail(`${key}: no entry in RESOURCES (scripts/gen/names.js) for this path`)

  const topicWords = found.entry.topic.split(' ')
  const generic = genericVerb(method, found.rest)
  let command
  if (override.command) {
    command = override.command
  } else {
    const verb = override.verb ?? generic
    if (!verb) fail(`${key}: cannot derive a verb; add an OVERRIDES entry in scripts/gen/names.js`)
    command = [...topicWords, verb].join(':')
  }

  const raw = placeholders(rawPath)
  let params = override.params
  if (!params) {
    if (raw.length > 1) fail(`${key}: several path parameters; give their names in OVERRIDES`)
    params = raw.length === 1 ? ['id'] : []
  }
  if (params.length !== raw.length) fail(`${key}: OVERRIDES params has ${params.length} names for ${raw.length} placeholders`)
  let i = 0
  const path = rawPath.replace(/\{[^}]*\}/g, () => `{${params[i++]}}`)

  // The resource-name alias: the API's collection name in place of the topic words.
  let alias
  const topicId = topicWords.join(':')
  const aliasTopic = found.entry.alias.replace(/\//g, ':')
  // Its verb is the API's (generic) one unless the override names another CRUD verb:
  // `fieldRels:create` for `contacts:custom-fields:add-to-list`, `customObjects:records:list`.
  if (command.startsWith(topicId + ':') && aliasTopic !== topicId) {
    const ours = command.slice(topicId.length + 1)
    const verb = generic && !CRUD.has(ours) ? generic : ours
    alias = `${aliasTopic}:${verb}`
  }

  return {command, params, path, alias, resource: segments[0], override}
}
