import {naturalKeys, type NaturalKey} from '../once/keys.js'
import {operations} from '../spec/catalogue.js'

// What seeding needs to know about each resource it can create: where records live, which
// fields point at other records; the natural key that finds "the same record" again on a
// second run (so apply is idempotent without remembering anything) is src/lib/once/keys.ts's.
// Paths, body wrappers and writable fields come from the operation catalogue.

/**
 * The natural key (noun, create path, key fields, search) comes from src/lib/once/keys.ts,
 * shared with the commands that settle a lost create; below the path records are also read,
 * updated and deleted.
 */
export interface SeedResource extends NaturalKey {
  /** The fixture key and the API's collection name: `tags`, `dealGroups`. */
  name: string
  /** Other words a fixture may use for it: ac's topic names and the API's. */
  aliases: string[]
  /**
   * Where to list several records of a fixture at once (a collection an account holds few of,
   * or a filter they all pass), so that a level looks them up in a page or two, not one each.
   */
  list?: (records: Array<Record<string, unknown>>) => {path: string; query?: Record<string, string>} | undefined
  /**
   * Key fields that point at another record: when that record was created by this very apply,
   * nothing can carry its id yet, so this record cannot exist and is not looked up. Not for
   * stages: a new pipeline comes with stages of its own.
   */
  fresh?: string[]
  /** Body fields that point at another seed resource: a local name of that resource is accepted there. */
  references: Record<string, string>
  /** Fields in the path (`schemaId`), not in the body. */
  pathFields?: string[]
  /** Removing it undoes a link that has no DELETE: a contact's subscription is set to unsubscribed. */
  undo?: {method: 'POST'; body: (record: Record<string, unknown>) => Record<string, unknown>}
  /** Fields a create may leave out because they follow from others (a list's `stringid`). */
  derive?: (record: Record<string, unknown>) => Record<string, unknown>
  /** Fields a fixture record must give (default: the natural key less the fields with a default). */
  required?: string[]
  /** The fields an exported record's local name is made of (default: the natural key). */
  label?: string[]
  /** Filled in by seed when the fixture leaves it out (a subscription is active). */
  defaults?: Record<string, unknown>
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value))

function slug(value: string): string {
  return value
    .toLowerCase()
    .replaceAll(/[^a-z\d]+/g, '-')
    .replace(/^-|-$/g, '')
}

export const seedResources: SeedResource[] = [
  {name: 'tags', aliases: [], ...naturalKeys.tags, list: () => ({path: '/tags'}), references: {}},
  {name: 'lists', aliases: [], ...naturalKeys.lists, list: () => ({path: '/lists'}), references: {},
    derive: (list) => (typeof list.name === 'string' ? {stringid: slug(list.name), sender_url: '', sender_reminder: ''} : {})},
  {name: 'fields', aliases: ['customFields', 'custom-fields'], ...naturalKeys.fields, references: {}},
  {name: 'accounts', aliases: [], ...naturalKeys.accounts, list: () => ({path: '/accounts'}), references: {}},
  {name: 'contacts', aliases: [], ...naturalKeys.contacts, references: {},
    // Accounts hold many contacts: only those whose emails share a good part (`+RUN@example.com`).
    list: (contacts) => {
      const common = commonText(contacts.map((contact) => text(contact.email)))
      return common.length >= 4 ? {path: '/contacts', query: {email_like: common}} : undefined
    }},
  {name: 'dealGroups', aliases: ['pipelines', 'deal-pipelines'], ...naturalKeys.dealGroups, list: () => ({path: '/dealGroups'}), references: {},
    defaults: {currency: 'usd'}},
  {name: 'dealStages', aliases: ['stages', 'deal-stages'], ...naturalKeys.dealStages, label: ['title'],
    list: (stages) => {
      const groups = new Set(stages.map((stage) => text(stage.group)))
      return {path: '/dealStages', query: groups.size === 1 ? {'filters[d_groupid]': [...groups][0]} : undefined}
    },
    references: {group: 'dealGroups'}},
  {name: 'deals', aliases: [], ...naturalKeys.deals, label: ['title'], required: ['title'],
    references: {contact: 'contacts', account: 'accounts', group: 'dealGroups', stage: 'dealStages'}, fresh: ['contact']},
  {name: 'notes', aliases: [], ...naturalKeys.notes, label: ['note'], references: {}, fresh: ['relid']},
  {name: 'contactTags', aliases: ['contact-tags'], ...naturalKeys.contactTags,
    references: {contact: 'contacts', tag: 'tags'}, fresh: ['contact', 'tag']},
  {name: 'contactLists', aliases: ['contact-lists', 'subscriptions'], ...naturalKeys.contactLists,
    references: {contact: 'contacts', list: 'lists'}, defaults: {status: 1}, fresh: ['contact', 'list'],
    // The API has no DELETE for a subscription: undoing one unsubscribes.
    undo: {method: 'POST', body: (link) => ({contactList: {contact: link.contact, list: link.list, status: 2}})}},
  {name: 'accountContacts', aliases: ['account-contacts'], ...naturalKeys.accountContacts,
    references: {account: 'accounts', contact: 'contacts'}, fresh: ['account', 'contact']},
  {name: 'customObjectSchemas', aliases: ['schemas', 'custom-object-schemas'], ...naturalKeys.customObjectSchemas, references: {}},
  {name: 'customObjectRecords', aliases: ['records', 'custom-object-records'], ...naturalKeys.customObjectRecords, pathFields: ['schemaId'],
    references: {schemaId: 'customObjectSchemas'}, fresh: ['schemaId']},
]

const byWord = new Map<string, SeedResource>()
for (const resource of seedResources) for (const word of [resource.name, ...resource.aliases]) byWord.set(word.toLowerCase(), resource)

/** The resource a fixture key or reference names, in the API's words or ac's. */
export function seedResource(word: string): SeedResource | undefined {
  return byWord.get(word.toLowerCase())
}

export function seedResourceWords(): string[] {
  return seedResources.map((resource) => resource.name)
}

/** The collection path with `{field}` placeholders filled from the record. */
export function collectionPath(resource: SeedResource, record: Record<string, unknown>): string {
  return resource.path.replaceAll(/\{(\w+)\}/g, (_, field: string) => encodeURIComponent(text(record[field])))
}

/** The body wrapper (`tag` in `{"tag": {...}}`) and the fields the API documents for a create. */
export function createShape(resource: SeedResource): {root?: string; fields: string[]} {
  const operation = operations().find((candidate) => candidate.method === 'POST' && candidate.path === resource.path)
  if (!operation?.body) throw new Error(`No create operation for ${resource.path} in the catalogue`)
  return {root: operation.body.root, fields: operation.body.fields.map((field) => field.name)}
}

/** Relations written on a contact (`tags: [vip]`) and the link resource each becomes. */
export const contactRelations = {tags: {resource: 'contactTags', field: 'tag', target: 'tags'}, lists: {resource: 'contactLists', field: 'list', target: 'lists'}} as const

/** The longest text every value contains (lowercased): `+42@example.com` of `ann+42@example.com` and `bob+42@example.com`. */
export function commonText(values: string[]): string {
  const texts = values.map((value) => value.trim().toLowerCase())
  const shortest = texts.reduce((a, b) => (b.length < a.length ? b : a), texts[0] ?? '')
  const common = (length: number) => {
    let candidates = new Set(Array.from({length: shortest.length - length + 1}, (_, start) => shortest.slice(start, start + length)))
    for (const value of texts) {
      candidates = new Set([...candidates].filter((candidate) => value.includes(candidate)))
      if (candidates.size === 0) return undefined
    }

    return [...candidates][0]
  }

  // A text of length n in all of them has one of every shorter length too: halve the range.
  let [low, high, found] = [1, shortest.length, '']
  while (low <= high) {
    const middle = Math.floor((low + high) / 2)
    const piece = common(middle)
    if (piece === undefined) high = middle - 1
    else [low, found] = [middle + 1, piece]
  }

  return found
}

export {slug}
