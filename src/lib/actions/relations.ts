import type {ApiClient} from '../client/client.js'
import type {DataRecord} from '../output/cells.js'
import {describe, type Relation} from '../resources/index.js'

// A record's relations by name: `ac contacts get ann@example.com --with tags,lists` adds
// `tags: ["VIP"]` and `lists: ["Newsletter"]`. The record's own GET asks for them with
// `include=contactTags.tag,contactLists.list` (no extra request); a linked record the answer
// did not sideload is asked for by id, once.

export function relationsOf(resource: string): Record<string, Relation> {
  return describe(resource).relations ?? {}
}

/** The `include=` that sideloads these relations with the record. */
export function includeFor(resource: string, names: string[]): string {
  const relations = relationsOf(resource)
  return names.map((name) => `${relations[name].links}.${relations[name].field}`).join(',')
}

/** The names of the records a relation links to, from the answer the record came in. */
export async function namesOf(client: ApiClient, answer: unknown, relation: Relation): Promise<string[]> {
  const body = (answer ?? {}) as Record<string, unknown>
  const lookup = describe(relation.to).lookup!
  const links = (Array.isArray(body[relation.links]) ? body[relation.links] : []) as DataRecord[]
  const sideloaded = (Array.isArray(body[relation.to]) ? body[relation.to] : []) as DataRecord[]
  const byId = new Map(sideloaded.map((record) => [String(record.id), record]))
  const names: string[] = []
  for (const link of links) {
    if (relation.keep && !relation.keep(link)) continue
    const linked = String(link[relation.field])
    let record = byId.get(linked)
    if (!record) {
      const {body: one} = await client.request<Record<string, unknown>>({method: 'GET', path: `${lookup.path}/${encodeURIComponent(linked)}`})
      record = Object.values(one ?? {}).find((value): value is DataRecord => Boolean(value) && typeof value === 'object' && 'id' in (value as object))
    }

    names.push(String(record?.[lookup.field] ?? linked))
  }

  return names
}
