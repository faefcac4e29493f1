import {AcError, ExitCode} from './errors.js'
import type {DataRecord} from './output/cells.js'

// What is inside an answer: `{"contacts": [...], "meta": {...}}` for a list,
// `{"contact": {...}, "fieldValues": [...]}` for one record with its sideloads.
// The one place that knows envelopes; paging, commands and `ac api` all ask here.

export type Unwrapped = {kind: 'list'; records: DataRecord[]} | {kind: 'record'; record: DataRecord} | {kind: 'other'; value: unknown}

type Envelope = Record<string, unknown>

function isObject(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The last literal segment of a path: `contacts` for `/contacts`, `bounceLogs` for `/contacts/{id}/bounceLogs`. */
function collectionName(path: string): string {
  return (
    path
      .split('?')[0]
      .split('/')
      .findLast((part) => part && !part.startsWith('{') && !/^\d+$/.test(part)) ?? ''
  )
}

/** Singular of an API collection name, as its envelopes spell it: contacts → contact, dealCustomFieldMeta stays. */
function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`
  if (name.endsWith('sses')) return name.slice(0, -2)
  return name.replace(/s$/, '')
}

/**
 * The records or record of an answer. `key` is the catalogue's response key when known;
 * otherwise the path's collection name decides, then the shape (the one object, the one list).
 */
export function unwrap(body: unknown, key?: string, path = ''): Unwrapped {
  if (Array.isArray(body)) return {kind: 'list', records: body as DataRecord[]}
  if (!isObject(body)) return {kind: 'other', value: body}
  const name = collectionName(path)
  for (const candidate of [key, name, singular(name)]) {
    if (!candidate) continue
    const value = body[candidate]
    if (Array.isArray(value)) return {kind: 'list', records: value as DataRecord[]}
    if (isObject(value)) return {kind: 'record', record: value}
  }

  // A flat answer is the record itself (`{"id": "2", "lists": ["1"]}`).
  if (typeof body.id === 'string' || typeof body.id === 'number') return {kind: 'record', record: body}
  const entries = Object.entries(body).filter(([field]) => field !== 'meta' && field !== 'links')
  const objects = entries.filter(([, value]) => isObject(value))
  const lists = entries.filter(([, value]) => Array.isArray(value))
  if (objects.length === 1 && lists.length === 0 && entries.length === 1) return {kind: 'record', record: objects[0][1] as DataRecord}
  if (lists.length === 1 && objects.length === 0) return {kind: 'list', records: lists[0][1] as DataRecord[]}
  return {kind: 'other', value: body}
}

/** The records of a list answer; an answer that holds none is not a list, and says so. */
export function listOf(body: unknown, key: string | undefined, request: {method: string; path: string}): DataRecord[] {
  const unwrapped = unwrap(body, key, request.path)
  if (unwrapped.kind === 'list') return unwrapped.records
  // `{}` (or only `meta`) where a known list was asked for: the API's way to say there are none.
  if (key && isObject(body) && Object.keys(body).every((field) => field === 'meta' || field === 'links')) return []
  throw new AcError(`${request.method} ${request.path} answered without a list of records`, {
    code: 'unexpected_response',
    exitCode: ExitCode.failure,
    hint: 'Is this a list? Try `ac api` to see the raw answer',
  })
}

/** `meta.total`: a string on classic endpoints, a number on newer ones, absent or null elsewhere. */
export function totalOf(body: unknown): number | undefined {
  const total = isObject(body) && isObject(body.meta) ? body.meta.total : undefined
  if (typeof total === 'number') return Number.isFinite(total) ? total : undefined
  if (typeof total === 'string' && /^\d+$/.test(total.trim())) return Number(total)
  return undefined
}
