import type {ApiClient} from '../client/client.js'
import {unwrap} from '../envelope.js'
import {usageError} from '../errors.js'
import {resolveId} from '../lookup.js'
import {listRecords} from '../paging.js'
import {contactRelations, createShape, type SeedResource, seedResource, slug} from './resources.js'

// Export: live records → a fixture that `seed apply` recreates on another account. Ids become
// local names made from natural keys (`vip`, `alice-example-com`); a field that points at a
// record names it (`group: sales`), and a record pointed at but not asked for is fetched
// too, so the fixture stands alone. Only the fields a create takes are written: no ids,
// dates, links or counts. Symmetric with apply: what export writes, apply reads.

type Values = Record<string, unknown>

export interface ExportOptions {
  resources: string[]
  /** Contacts with this tag (id or name) only, and what hangs off them. */
  tag?: string
  onProgress?: (done: number) => void
}

export const defaultExportResources = ['tags', 'lists', 'fields', 'dealGroups', 'dealStages', 'accounts']
/** Contacts carry their tags, lists and field values inline, so links are never listed alone. */
const inline = new Set(['contactTags', 'contactLists'])
/** Fields that are ids of things seed does not create, or say nothing on another account. */
const skipped = new Set(['orgid', 'allowNullEmail', 'owner', 'user', 'userid', 'users', 'groups'])
const noteParents: Record<string, string> = {Subscriber: 'contacts', Deal: 'deals', CustomerAccount: 'accounts'}

/** A readable local name from the natural key: `vip`, `alice-example-com`, `acme-inc-alice-example-com` for a link. */
async function localNameOf(resource: SeedResource, record: Values, nameOf: (resource: string, id: string) => Promise<string | undefined>): Promise<string> {
  const parts: string[] = []
  for (const field of resource.label ?? resource.key) {
    const target = resource.references[field]
    // A key part that is the usual value (a contact tag) says nothing.
    if (record[field] === resource.keyDefaults?.[field]) continue
    parts.push(target ? ((await nameOf(target, String(record[field]))) ?? '') : String(record[field] ?? ''))
  }

  return slug(parts.join('-')).slice(0, 40).replace(/-$/, '') || `${resource.noun.replaceAll(' ', '-')}-${String(record.id)}`
}

const empty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)

class Exporter {
  /** resource → id → local name */
  private readonly names = new Map<string, Map<string, string>>()
  private readonly taken = new Map<string, Set<string>>()
  readonly fixture: Record<string, Record<string, Values>> = {}
  private fetched = 0

  constructor(
    private readonly client: ApiClient,
    private readonly onProgress?: (done: number) => void,
  ) {}

  has(resource: string, id: string): boolean {
    return this.names.get(resource)?.has(id) ?? false
  }

  /** The local name of a record, fetching it when it was not exported yet. */
  async nameOf(resourceName: string, id: string): Promise<string | undefined> {
    if (!id || id === '0') return undefined
    if (!this.has(resourceName, id)) {
      const resource = seedResource(resourceName)!
      const path = `${resource.path}/${encodeURIComponent(id)}`
      const answer = unwrap((await this.client.request({method: 'GET', path})).body, createShape(resource).root, path)
      if (answer.kind !== 'record') return undefined
      await this.add(resource, answer.record)
    }

    return this.names.get(resourceName)!.get(id)
  }

  async add(resource: SeedResource, record: Values): Promise<void> {
    const id = String(record.id)
    if (this.has(resource.name, id)) return
    const taken = this.taken.get(resource.name) ?? new Set<string>()
    this.taken.set(resource.name, taken)
    const base = await localNameOf(resource, record, (target, targetId) => this.nameOf(target, targetId))
    if (this.has(resource.name, id)) return
    let name = base
    for (let count = 2; taken.has(name); count++) name = `${base}-${count}`
    taken.add(name)
    if (!this.names.has(resource.name)) this.names.set(resource.name, new Map())
    this.names.get(resource.name)!.set(id, name)
    // Claimed before its references are followed: two records that point at each other end.
    const written: Values = {}
    ;(this.fixture[resource.name] ??= {})[name] = written
    Object.assign(written, await this.fields(resource, record))
    this.onProgress?.(++this.fetched)
  }

  private async fields(resource: SeedResource, record: Values): Promise<Values> {
    const written: Values = {}
    const writable = new Set([...resource.key, ...createShape(resource).fields])
    for (const field of writable) {
      const value = record[field]
      if (empty(value) || skipped.has(field) || resource.pathFields?.includes(field)) continue
      const target = resource.references[field]
      if (target) {
        const name = await this.nameOf(target, String(value))
        if (name) written[field] = name
        continue
      }

      if (field === 'relid' && resource.name === 'notes') {
        const parent = noteParents[String(record.reltype)]
        const name = parent && (await this.nameOf(parent, String(value)))
        if (name) written[field] = `\${${parent}.${name}.id}`
        continue
      }

      if (field === 'fieldValues' || field === 'fields') continue
      written[field] = value
    }

    if (resource.name === 'contacts') Object.assign(written, await this.contactRelations(String(record.id)))
    return written
  }

  /** A contact's tags, lists and custom field values, by the local names of what they point at. */
  private async contactRelations(contactId: string): Promise<Values> {
    const relations: Values = {}
    for (const [relation, {field, target}] of Object.entries(contactRelations)) {
      const names: string[] = []
      const path = `/contacts/${contactId}/${seedResource(relation === 'tags' ? 'contactTags' : 'contactLists')!.name}`
      for await (const link of listRecords(this.client, {path, all: true})) {
        // An unsubscribed list is history, not a subscription to recreate.
        if (relation === 'lists' && String(link.status) !== '1') continue
        const name = await this.nameOf(target, String(link[field]))
        if (name) names.push(name)
      }

      if (names.length > 0) relations[relation] = names
    }

    const values: Values = {}
    for await (const value of listRecords(this.client, {path: `/contacts/${contactId}/fieldValues`, all: true})) {
      const name = await this.nameOf('fields', String(value.field))
      if (name && !empty(value.value)) values[name] = value.value
    }

    if (Object.keys(values).length > 0) relations.fields = values
    return relations
  }
}

export async function exportFixture(client: ApiClient, options: ExportOptions): Promise<Record<string, Record<string, Values>>> {
  const wanted = options.resources.map((word) => {
    const resource = seedResource(word)
    if (!resource) throw usageError(`seed export cannot export "${word}"`, `Choose from ${defaultExportResources.join(', ')}, contacts, deals, notes, accountContacts`)
    if (inline.has(resource.name)) throw usageError(`${word} are exported on their contacts (tags: and lists:)`, 'Export contacts')
    if (resource.pathFields) throw usageError(`seed export does not export ${word} yet`)
    return resource
  })
  if (options.tag && !wanted.some((resource) => resource.name === 'contacts')) wanted.push(seedResource('contacts')!)
  const exporter = new Exporter(client, options.onProgress)
  const tagId = options.tag ? await resolveId(client, 'tags', options.tag) : undefined
  const order = ['tags', 'lists', 'fields', 'customObjectSchemas', 'accounts', 'contacts', 'dealGroups', 'dealStages', 'deals', 'accountContacts', 'notes']
  wanted.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
  const contactIds = new Set<string>()
  for (const resource of wanted) {
    const query = resource.name === 'contacts' && tagId ? {tagid: tagId} : undefined
    for await (const record of listRecords(client, {path: resource.path, query, all: true, byIdGreater: resource.name === 'contacts'})) {
      // With --tag, what hangs off a contact goes only with its contact.
      if (tagId && resource.name !== 'contacts' && 'contact' in resource.references && !contactIds.has(String(record.contact))) continue
      if (tagId && resource.name === 'notes' && !(record.reltype === 'Subscriber' && contactIds.has(String(record.relid)))) continue
      if (resource.name === 'contacts') contactIds.add(String(record.id))
      await exporter.add(resource, record)
    }
  }

  return exporter.fixture
}
