// Custom objects, the newer API style: UUID ids, numeric meta, records upserted by
// externalId, record DELETE answering 202 with no body.

import {ApiError, json, modernNotFound} from '../errors.js'
import {listResponse} from '../list.js'
import {bodyFields, createRecord, deleteRecord, findRecord, isObject, render, updateRecord} from '../records.js'
import {Layer, type Router} from '../router.js'
import type {SandboxState} from '../state.js'
import type {StoredRecord} from '../store.js'

type Fields = Record<string, unknown>

function fieldsById(value: unknown): Map<string, Fields> {
  const list = Array.isArray(value) ? value.filter(isObject) : []
  return new Map(list.map((field) => [String(field.id), field]))
}

/** A schema's fields merged by id: PUT adds and changes fields, it does not drop the others. */
function mergeFields(existing: unknown, changes: unknown): Fields[] {
  const merged = fieldsById(existing)
  for (const [id, field] of fieldsById(changes)) merged.set(id, {...merged.get(id), ...field})
  return [...merged.values()]
}

function missingRequiredFields(schema: StoredRecord, record: Fields): ApiError | undefined {
  const given = fieldsById(record.fields)
  const missing = [...fieldsById(schema.fields).values()].filter((field) => field.required === true && !given.has(String(field.id)))
  if (missing.length === 0) return undefined
  return new ApiError(json(422, {errors: missing.map((field) => ({
    title: `Missing required field "${String(field.id)}"`, detail: 'Required fields must have a value',
    source: {type: 'pointer', value: `/data/attributes/fields/${String(field.id)}`},
  }))}))
}

/** Field values for ids the schema does not define: the OpenAPI example's 422. */
function undefinedFields(schema: StoredRecord, record: Fields): ApiError | undefined {
  const known = fieldsById(schema.fields)
  const unknown = [...fieldsById(record.fields).keys()].filter((id) => !known.has(id))
  if (unknown.length === 0) return undefined
  return new ApiError(json(422, {errors: unknown.map((id) => ({
    title: `Invalid value for field "${id}"`, detail: `${id} cannot accept a value that is not defined in the schema.`,
    source: {type: 'pointer', value: `/data/attributes/${id}`},
  }))}))
}

/** Relationship ids come back as strings: `{"primary-contact":["14"]}`. */
function normalizeRelationships(value: unknown): unknown {
  if (!isObject(value)) return value
  return Object.fromEntries(Object.entries(value).map(([name, ids]) => [name, Array.isArray(ids) ? ids.map(String) : ids]))
}

export function registerCustomObjectRoutes(router: Router, state: SandboxState): void {
  const schemas = state.collections.get('customObjectSchemas')
  const records = state.collections.get('customObjectRecords')
  const base = '/customObjects'

  const schemaOf = (id: string) => findRecord(state, schemas, id)
  const recordIn = (schemaId: string, recordId: string) => {
    const schema = schemaOf(schemaId)
    const record = state.store.get(records.name, recordId)
    if (!record || record.schemaId !== schema.id) throw modernNotFound()
    return record
  }
  const byExternalId = (schemaId: string, externalId: string) => {
    const schema = schemaOf(schemaId)
    return state.store.find(records.name, (record) => record.schemaId === schema.id && record.externalId === externalId)
      ?? (() => { throw modernNotFound() })()
  }

  router.add('PUT', `${base}/schemas/{id}`, Layer.Special, (request) => {
    const schema = schemaOf(request.params.id)
    const {fields} = bodyFields(request.body, schemas.singular)
    const changes = fields.fields === undefined ? fields : {...fields, fields: mergeFields(schema.fields, fields.fields)}
    return json(200, {schema: render(state, schemas, updateRecord(state, schemas, schema.id, changes).record)})
  })
  router.add('DELETE', `${base}/schemas/{id}`, Layer.Special, (request) => {
    const schema = schemaOf(request.params.id)
    for (const record of state.store.filter(records.name, (r) => r.schemaId === schema.id)) state.store.delete(records.name, record.id)
    deleteRecord(state, schemas, schema.id)
    return {status: 200}
  })
  router.add('DELETE', `${base}/schemas/{id}/fields/{fieldId}`, Layer.Special, (request) => {
    const schema = schemaOf(request.params.id)
    const remaining = [...fieldsById(schema.fields).values()].filter((field) => String(field.id) !== request.params.fieldId)
    return json(202, {schema: render(state, schemas, updateRecord(state, schemas, schema.id, {fields: remaining}).record)})
  })
  router.add('POST', `${base}/schemas/public`, Layer.Special, (request) => {
    const {fields} = bodyFields(request.body, schemas.singular)
    return json(200, {schema: render(state, schemas, createRecord(state, schemas, {visibility: 'public', ...fields}).record)})
  })
  router.add('POST', `${base}/schemas/{id}/child`, Layer.Special, (request) => {
    const parent = schemaOf(request.params.id)
    const {fields} = bodyFields(request.body, schemas.singular)
    const child = {slug: `${String(parent.slug)}-child-${state.store.count(schemas.name) + 1}`, ...fields, parentId: parent.id, visibility: 'private'}
    return json(200, {schema: render(state, schemas, createRecord(state, schemas, child).record)})
  })

  router.add('GET', `${base}/records/{schemaId}`, Layer.Special, (request) => {
    const schema = schemaOf(request.params.schemaId)
    return json(200, listResponse(state, records, request.query, (record) => record.schemaId === schema.id))
  })
  // Upsert: a record with the same externalId (or id) in the schema is updated (200), else created (201).
  router.add('POST', `${base}/records/{schemaId}`, Layer.Special, (request) => {
    const schema = schemaOf(request.params.schemaId)
    const {fields} = bodyFields(request.body, records.singular)
    const input: Fields = {...fields, schemaId: schema.id}
    if (input.relationships !== undefined) input.relationships = normalizeRelationships(input.relationships)
    const unknown = undefinedFields(schema, input)
    if (unknown) throw unknown
    const existing = state.store.find(records.name, (record) => record.schemaId === schema.id
      && ((input.externalId !== undefined && record.externalId === input.externalId) || record.id === input.id))
    if (existing) return json(200, {record: render(state, records, updateRecord(state, records, existing.id, input).record)})
    const missing = missingRequiredFields(schema, input)
    if (missing) throw missing
    return json(201, {record: render(state, records, createRecord(state, records, input).record)})
  })
  router.add('GET', `${base}/records/{schemaId}/{recordId}`, Layer.Special, (request) =>
    json(200, {record: render(state, records, recordIn(request.params.schemaId, request.params.recordId))}))
  router.add('DELETE', `${base}/records/{schemaId}/{recordId}`, Layer.Special, (request) => {
    state.store.delete(records.name, recordIn(request.params.schemaId, request.params.recordId).id)
    return {status: 202}
  })
  for (const prefix of [`${base}/records`, '/records']) {
    router.add('GET', `${prefix}/{schemaId}/external/{externalId}`, Layer.Special, (request) =>
      json(200, {record: render(state, records, byExternalId(request.params.schemaId, request.params.externalId))}))
  }
  router.add('DELETE', `${base}/records/{schemaId}/external/{externalId}`, Layer.Special, (request) => {
    state.store.delete(records.name, byExternalId(request.params.schemaId, request.params.externalId).id)
    return {status: 202}
  })
}
