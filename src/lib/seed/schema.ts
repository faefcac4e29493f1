import {operations} from '../spec/catalogue.js'
import {contactRelations, type SeedResource, seedResources} from './resources.js'

// The JSON Schema of a fixture file, built from the seed resources and the catalogue's
// documented create fields: the same schema validates a fixture before anything is sent
// and ships as schema/fixture.schema.json for editors (`ac seed schema` prints it).

const scalar = {type: ['string', 'number', 'boolean', 'null']}
const localName = '^[A-Za-z0-9_-]+$'

function fieldsOf(resource: SeedResource): Array<{name: string; json: boolean; description?: string}> {
  const operation = operations().find((candidate) => candidate.method === 'POST' && candidate.path === resource.path)
  const fields = (operation?.body?.fields ?? []).map((field) => ({
    name: field.name,
    json: field.type === 'json',
    description: field.description?.split('\n')[0],
  }))
  for (const name of [...resource.key, ...(resource.pathFields ?? [])]) {
    if (!fields.some((field) => field.name === name)) fields.push({name, json: false, description: undefined})
  }

  return fields
}

function recordSchema(resource: SeedResource): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  for (const field of fieldsOf(resource)) {
    const target = resource.references[field.name]
    const refers = target ? ` A ${target} local name or \${${target}.NAME.id} works too.` : ''
    properties[field.name] = {...(field.json ? {} : scalar), ...(field.description || refers ? {description: `${field.description ?? ''}${refers}`.trim()} : {})}
  }

  if (resource.name === 'contacts') {
    for (const [relation, {target}] of Object.entries(contactRelations)) {
      properties[relation] = {type: 'array', items: {type: 'string'}, description: `Local names of ${target} in this fixture (or \${${target}.NAME.id})`}
    }

    properties.fields = {
      type: 'object',
      additionalProperties: scalar,
      description: 'Custom field values: a fields local name, a field id or ${fields.NAME.id} → the value',
    }
  }

  const required = resource.required ?? resource.key.filter((field) => !resource.keyDefaults?.[field])
  return {type: 'object', properties, required, additionalProperties: false}
}

export function fixtureSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {$schema: {type: 'string'}}
  const definitions: Record<string, unknown> = {}
  for (const resource of seedResources) {
    definitions[resource.name] = {
      type: 'object',
      description: `${resource.noun} records by local name`,
      propertyNames: {pattern: localName},
      additionalProperties: recordSchema(resource),
    }
    for (const word of [resource.name, ...resource.aliases]) properties[word] = {$ref: `#/definitions/${resource.name}`}
  }

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ac seed fixture',
    description: 'Records to create with `ac seed apply`, keyed by resource, then by a local name. Values may hold ${RESOURCE.NAME.FIELD}, ${env.NAME} and ${run.id}.',
    type: 'object',
    properties,
    additionalProperties: false,
    definitions,
  }
}
