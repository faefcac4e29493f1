import type {ApiClient} from '../client/client.js'
import {listRecords} from '../paging.js'

// Custom field definitions, fetched once per job: import matches column titles against them
// and export names its value columns by them. One listing, however many columns.

export interface FieldDefinition {
  id: string
  title: string
  perstag: string
}

export async function fieldDefinitions(client: ApiClient): Promise<FieldDefinition[]> {
  const fields: FieldDefinition[] = []
  for await (const record of listRecords(client, {path: '/fields', responseKey: 'fields', all: true})) {
    fields.push({id: String(record.id), title: String(record.title ?? ''), perstag: String(record.perstag ?? '')})
  }

  return fields
}

/** The fields a column or `--map` target names: by id, by title or by personalization tag, any case. */
export function matchField(fields: FieldDefinition[], name: string): FieldDefinition[] {
  const wanted = name.trim().replace(/^field:/i, '').toLowerCase()
  const byId = fields.filter((field) => field.id === wanted)
  if (byId.length > 0) return byId
  const byTitle = fields.filter((field) => field.title.toLowerCase() === wanted)
  if (byTitle.length > 0) return byTitle
  return fields.filter((field) => field.perstag && field.perstag.toLowerCase() === wanted.replaceAll(/^%|%$/g, ''))
}
