import {referenceOf} from '../request.js'
import {describe, recordsResource} from '../resources/index.js'
import type {BodyField, Operation, Parameter, ValueType} from '../spec/types.js'

// The catalogue as JSON Schema: one object per operation with `path`, `query` and `body`
// (and `limit`/`cursor` for lists), built from the same typed entries the command flags come
// from. What an agent reads in describe_operation is what call_operation validates against.

export type JsonSchema = {[key: string]: unknown}

export const defaultPageSize = 20
export const largestPage = 100

/** The API answers ids as strings ("id":"113") that agents copy back: digits in a string pass as integers. */
const integerSchema: JsonSchema = {type: ['integer', 'string'], pattern: '^-?\\d+$'}

function valueSchema(type: ValueType): JsonSchema {
  switch (type) {
    case 'integer': {
      return {...integerSchema}
    }

    case 'number': {
      return {type: ['number', 'string'], pattern: '^-?\\d+(\\.\\d+)?$'}
    }

    case 'boolean': {
      return {type: 'boolean'}
    }

    case 'json': {
      return {} // any JSON value: the catalogue knows no more about it
    }

    default: {
      return {type: 'string'}
    }
  }
}

/** The first line of the spec's description, short: the tool list must stay small. */
function shortText(text: string | undefined, fallback: string): string {
  const line = (text ?? '').split('\n')[0].trim().replace(/\.$/, '')
  return (line || fallback).slice(0, 120)
}

function fieldSchema(operation: Operation, field: Parameter | BodyField): JsonSchema {
  const text = shortText(field.description, field.name)
  const target = referenceOf(operation, field.name)
  const schema: JsonSchema = target
    ? {type: ['integer', 'string'], description: `${text} (id, or ${describe(target).lookup!.noun} name)`}
    : {...valueSchema(field.type), description: text}
  return 'multiple' in field && field.multiple ? {type: 'array', items: schema, description: text} : schema
}

/** `fieldValues: [{field: "Birthday", value: "1990-01-01"}]`: custom fields by id or title. */
function customFieldsSchema(operation: Operation): JsonSchema | undefined {
  const style = describe(recordsResource(operation)).customFields
  if (!style) return undefined
  return {
    type: 'array',
    description: `Custom field values: ${style.idKey} is the field's id or name`,
    items: {
      type: 'object',
      properties: {[style.idKey]: {type: ['integer', 'string']}, [style.valueKey]: {}},
      required: [style.idKey, style.valueKey],
    },
  }
}

function bodySchema(operation: Operation): JsonSchema | undefined {
  const spec = operation.body
  if (!spec) return ['POST', 'PUT', 'PATCH'].includes(operation.method) ? {description: 'The request body (not documented)'} : undefined
  if (spec.fields.length === 0) return {description: 'The request body'}
  const custom = customFieldsSchema(operation)
  const properties: Record<string, JsonSchema> = {}
  for (const field of spec.fields) {
    properties[field.name] = custom && field.name === describe(recordsResource(operation)).customFields!.key ? custom : fieldSchema(operation, field)
  }

  const required = spec.fields.filter((field) => field.required).map((field) => field.name)
  return {
    type: 'object',
    description: spec.root ? `The ${spec.root} record; it is sent wrapped as {"${spec.root}": ...}` : 'The request body',
    properties,
    ...(required.length ? {required} : {}),
    // The spec misses fields the API takes; they pass through as given.
    additionalProperties: true,
  }
}

function querySchema(operation: Operation): JsonSchema | undefined {
  if (operation.query.length === 0) return undefined
  const properties: Record<string, JsonSchema> = {}
  for (const parameter of operation.query) properties[parameter.name] = fieldSchema(operation, parameter)
  const required = operation.query.filter((parameter) => parameter.required).map((parameter) => parameter.name)
  return {
    type: 'object',
    properties,
    ...(required.length ? {required} : {}),
    // Filters and sort orders beyond the documented ones: `filters[cdate][gt]`, `orders[udate]`.
    patternProperties: {'^(filters?|orders)\\[': {type: ['string', 'integer', 'number', 'boolean']}},
    additionalProperties: false,
  }
}

export const pagingProperties: Record<string, JsonSchema> = {
  limit: {type: 'integer', minimum: 1, maximum: largestPage, default: defaultPageSize, description: 'Records per answer'},
  cursor: {type: 'string', description: 'nextCursor of the previous answer, for the next page'},
}

/** The arguments of one operation, as call_operation takes them (without `operation`). */
export function operationSchema(operation: Operation): JsonSchema {
  const properties: Record<string, JsonSchema> = {}
  const required: string[] = []
  if (operation.pathParams.length > 0) {
    const path: Record<string, JsonSchema> = {}
    for (const parameter of operation.pathParams) path[parameter.name] = {type: ['integer', 'string'], description: shortText(parameter.description, parameter.name)}
    properties.path = {type: 'object', properties: path, required: operation.pathParams.map((parameter) => parameter.name), additionalProperties: false}
    required.push('path')
  }

  const query = querySchema(operation)
  if (query) properties.query = query
  const body = bodySchema(operation)
  if (body) properties.body = body
  if ((body?.required as string[] | undefined)?.length) required.push('body')
  if (operation.paged) Object.assign(properties, pagingProperties)
  return {type: 'object', properties, ...(required.length ? {required} : {}), additionalProperties: false}
}
