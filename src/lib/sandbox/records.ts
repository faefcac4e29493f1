// Generic record operations over a collection description: validation, defaults,
// timestamps, upserts, nested writes, cascading deletes and the rendered shape.

import type {CollectionDescription, RecordContext} from './collection.js'
import {ApiError, invalid, json, modernNotFound, notFound, validationEntry, unprocessable} from './errors.js'
import type {StoredRecord} from './store.js'
import {apiTimestamp, isoTimestamp} from './time.js'

type Fields = Record<string, unknown>

const SERVER_FIELDS = new Set(['id', 'links', 'cdate', 'udate', 'createdTimestamp', 'updatedTimestamp'])

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The record fields of a write body: `{"contact":{...}}`, any single wrapper, or top-level fields. */
export function bodyFields(body: unknown, singular: string): {key: string; fields: Fields} {
  if (!isObject(body)) return {key: singular, fields: {}}
  if (isObject(body[singular])) return {key: singular, fields: body[singular] as Fields}
  const keys = Object.keys(body)
  if (keys.length === 1 && isObject(body[keys[0]])) return {key: keys[0], fields: body[keys[0]] as Fields}
  return {key: singular, fields: body}
}

/** Classic resources answer every scalar as a string, whatever the request sent. */
function normalize(description: CollectionDescription, input: Fields): Fields {
  const fields: Fields = {}
  for (const [name, value] of Object.entries(input)) {
    if (SERVER_FIELDS.has(name) || description.nested?.[name]) continue
    fields[name] = !description.modern && typeof value === 'number' ? String(value) : value
  }
  return fields
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

function checkReferences(state: RecordContext, description: CollectionDescription, record: StoredRecord): void {
  for (const [field, target] of Object.entries(description.references ?? {})) {
    const value = record[field]
    if (isBlank(value) || state.store.get(target, String(value))) continue
    const singular = state.collections.get(target).singular
    if (description.missingReferenceStatus === 404) {
      const name = singular.charAt(0).toUpperCase() + singular.slice(1)
      throw new ApiError(json(404, {errors: [{status: 404, title: 'Not Found', detail: `${name} not found`}]}))
    }
    throw invalid('related_missing', `The related ${singular} does not exist.`, field, `No ${singular} with id ${value}`)
  }
}

function checkRequired(description: CollectionDescription, record: Fields, input: Fields, creating: boolean): void {
  // A create needs every required field; an update may not blank one out.
  const missing = (description.required ?? []).filter((field) => (creating || field in input) && isBlank(record[field]))
  if (missing.length > 0) {
    throw unprocessable(...missing.map((field) => validationEntry('field_missing', `The ${field} field is required`, field)))
  }
}

function check(state: RecordContext, description: CollectionDescription, record: StoredRecord, input: Fields, creating: boolean): void {
  checkRequired(description, record, input, creating)
  description.validate?.(record, input, state)
  checkReferences(state, description, record)
  const rule = state.store.conflict(description.name, record, creating ? undefined : record.id)
  if (rule?.errors) throw new ApiError(json(422, {errors: structuredClone(rule.errors)}))
  if (rule) throw invalid('duplicate', rule.title, rule.fields[0])
}

function stamp(description: CollectionDescription, record: StoredRecord, creating: boolean): void {
  const now = Date.now()
  if (description.modern) {
    if (creating) record.createdTimestamp = isoTimestamp(now)
    record.updatedTimestamp = isoTimestamp(now)
  } else {
    if (creating) record.cdate = apiTimestamp(now)
    record.udate = apiTimestamp(now)
  }
}

/** Upserts the body's nested item arrays (a contact's fieldValues); answers them for sideloading. */
function writeNested(state: RecordContext, description: CollectionDescription, parent: StoredRecord, input: Fields): Record<string, StoredRecord[]> {
  const written: Record<string, StoredRecord[]> = {}
  for (const [inputKey, nested] of Object.entries(description.nested ?? {})) {
    const items = input[inputKey]
    if (!Array.isArray(items)) continue
    const target = state.collections.get(nested.collection)
    written[target.name] = items.filter(isObject).map((item) => {
      const existing = state.store.find(target.name, (record) =>
        record[nested.foreignKey] === parent.id && String(record[nested.key]) === String(item[nested.key]))
      const fields = {...item, [nested.foreignKey]: parent.id}
      return (existing ? updateRecord(state, target, existing.id, fields) : createRecord(state, target, fields)).record
    })
  }
  return written
}

export interface WriteResult {
  record: StoredRecord
  created: boolean
  nested: Record<string, StoredRecord[]>
}

export function createRecord(state: RecordContext, description: CollectionDescription, input: Fields, id?: string): WriteResult {
  const fields = normalize(description, input)
  if (description.upsertOn) {
    // Required fields first: a repeated pair without them is as invalid as a new one.
    checkRequired(description, {...description.defaults, ...fields}, input, true)
    const existing = state.store.findByUpsert(description.name, fields)
    if (existing) {
      return description.upsertUpdates ? updateRecord(state, description, existing.id, input) : {record: existing, created: false, nested: {}}
    }
  }
  const record: StoredRecord = {...fields, id: id ?? ''}
  for (const [field, value] of Object.entries(description.defaults ?? {})) if (!(field in record)) record[field] = structuredClone(value)
  description.derive?.(record, state)
  check(state, description, record, input, true)
  // The id is taken only once the record is valid: a rejected create does not use one up.
  if (record.id === '') record.id = state.store.newId(description.name)
  stamp(description, record, true)
  state.store.put(description.name, record)
  return {record, created: true, nested: writeNested(state, description, record, input)}
}

export function updateRecord(state: RecordContext, description: CollectionDescription, id: string, input: Fields): WriteResult {
  const existing = findRecord(state, description, id)
  const record: StoredRecord = {...existing, ...normalize(description, input), id: existing.id}
  description.derive?.(record, state)
  check(state, description, record, input, false)
  stamp(description, record, false)
  state.store.put(description.name, record)
  return {record, created: false, nested: writeNested(state, description, record, input)}
}

/** The record a path's `{id}` names (or its lookup field), else the API's 404. */
export function findRecord(state: RecordContext, description: CollectionDescription, id: string): StoredRecord {
  const record = state.store.get(description.name, id)
    ?? (description.lookupField ? state.store.find(description.name, (r) => String(r[description.lookupField!]) === id) : undefined)
  if (!record) throw description.modern ? modernNotFound() : notFound(description.model, id)
  return record
}

export function deleteRecord(state: RecordContext, description: CollectionDescription, id: string): void {
  const record = findRecord(state, description, id)
  state.store.delete(description.name, record.id)
  for (const child of state.collections.childrenOf(description.name)) {
    const link = child.belongsTo![description.name]
    if (!child.cascade) continue
    // A foreign key, or for polymorphic children (notes) every field of the link.
    const match = Object.entries(typeof link === 'string' ? {[link]: '{id}'} : link).map(([field, value]) => [field, value.replace('{id}', record.id)])
    for (const orphan of state.store.filter(child.name, (r) => match.every(([field, value]) => String(r[field]) === value))) {
      deleteRecord(state, child, orphan.id)
    }
  }
}

/** The record as the API prints it: its fields, then `links` (absolute URLs, or []), then `id`. */
export function render(state: RecordContext, description: CollectionDescription, record: StoredRecord): Fields {
  if (description.modern) return {...record}
  const {id, ...fields} = {...record, ...description.computed?.(record, state)}
  const names = description.links ?? []
  const base = `${state.baseUrl}/${state.collections.pathOf(description)}/${id}`
  const links = names.length === 0 ? [] : Object.fromEntries(names.map((name) => [name, `${base}/${name}`]))
  return {...fields, links, id}
}

export function renderAll(state: RecordContext, description: CollectionDescription, records: Iterable<StoredRecord>): Fields[] {
  return [...records].map((record) => render(state, description, record))
}
