// Natural keys: the fields that tell "the same record" in an account without its id (a
// contact's email, a tag's name and type...). One home for what seed uses to reuse records on
// a second run, and what commands, seed and MCP use to settle a create whose answer was lost:
// found by its key, it was created; not found, it was not, and sending it again is safe.

type Values = Record<string, unknown>

export interface NaturalKey {
  /** What a person calls one, for messages. */
  noun: string
  /** Where records are created (POST); `{field}` is a path field (`schemaId`). */
  path: string
  /** The fields whose values identify a record, compared case-insensitively (a list: as a set). */
  key: string[]
  /** Values the API assumes when a key field is left out (a tag is a contact tag). */
  keyDefaults?: Record<string, string>
  /** Where to look for a record with this key: a list path and the query that narrows it on the server. */
  search: (record: Values) => {path: string; query?: Record<string, string>}
  /**
   * Whether the account holds at most one record with this key, so that finding one after a
   * lost answer proves the create worked. Seed also reuses by looser keys (a deal's title and
   * contact, a note's text): two deals may share both, so a lost deal is not settled that way.
   */
  unique: boolean
  /** The key in words, for the note that settles a lost answer: `its email`. */
  said: string
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value))

/** By seed's resource name (the API's collection name). */
export const naturalKeys = {
  tags: {noun: 'tag', path: '/tags', key: ['tag', 'tagType'], keyDefaults: {tagType: 'contact'}, unique: true, said: 'its name and type',
    search: (tag) => ({path: '/tags', query: {search: text(tag.tag)}})},
  lists: {noun: 'list', path: '/lists', key: ['name'], unique: true, said: 'its name',
    search: (list) => ({path: '/lists', query: {'filters[name]': text(list.name)}})},
  fields: {noun: 'custom field', path: '/fields', key: ['title'], unique: true, said: 'its title',
    search: () => ({path: '/fields'})},
  accounts: {noun: 'account', path: '/accounts', key: ['name'], unique: true, said: 'its name',
    search: (account) => ({path: '/accounts', query: {search: text(account.name)}})},
  contacts: {noun: 'contact', path: '/contacts', key: ['email'], unique: true, said: 'its email',
    search: (contact) => ({path: '/contacts', query: {email: text(contact.email)}})},
  dealGroups: {noun: 'pipeline', path: '/dealGroups', key: ['title'], unique: true, said: 'its title',
    search: (pipeline) => ({path: '/dealGroups', query: {'filters[title]': text(pipeline.title)}})},
  dealStages: {noun: 'stage', path: '/dealStages', key: ['title', 'group'], unique: true, said: 'its title and pipeline',
    search: (stage) => ({path: '/dealStages', query: {'filters[title]': text(stage.title), 'filters[d_groupid]': text(stage.group)}})},
  deals: {noun: 'deal', path: '/deals', key: ['title', 'contact'], unique: false, said: 'its title and contact',
    search: (deal) => ({path: '/deals', query: {'filters[title]': text(deal.title)}})},
  notes: {noun: 'note', path: '/notes', key: ['note', 'reltype', 'relid'], unique: false, said: 'its text and record',
    search: () => ({path: '/notes'})},
  contactTags: {noun: 'contact tag', path: '/contactTags', key: ['contact', 'tag'], unique: true, said: 'its contact and tag',
    search: (link) => ({path: `/contacts/${encodeURIComponent(text(link.contact))}/contactTags`})},
  contactLists: {noun: 'subscription', path: '/contactLists', key: ['contact', 'list'], unique: true, said: 'its contact and list',
    search: (link) => ({path: `/contacts/${encodeURIComponent(text(link.contact))}/contactLists`})},
  accountContacts: {noun: 'account contact', path: '/accountContacts', key: ['account', 'contact'], unique: true, said: 'its account and contact',
    search: (link) => ({path: '/accountContacts', query: {'filters[contact]': text(link.contact), 'filters[account]': text(link.account)}})},
  webhooks: {noun: 'webhook', path: '/webhooks', key: ['url', 'events'], unique: true, said: 'its URL and events',
    search: (webhook) => ({path: '/webhooks', query: {'filters[url]': text(webhook.url)}})},
  customObjectSchemas: {noun: 'custom object schema', path: '/customObjects/schemas', key: ['slug'], unique: true, said: 'its slug',
    search: () => ({path: '/customObjects/schemas'})},
  customObjectRecords: {noun: 'custom object record', path: '/customObjects/records/{schemaId}', key: ['schemaId', 'externalId'], unique: true,
    said: 'its external id', search: (record) => ({path: `/customObjects/records/${encodeURIComponent(text(record.schemaId))}`})},
} satisfies Record<string, NaturalKey>

export type KeyedResource = keyof typeof naturalKeys

/** One value of a key field as compared: trimmed, lowercased; a list (webhook events) as a sorted set. */
function comparable(value: unknown): string {
  if (Array.isArray(value)) return [...new Set(value.map(comparable))].sort().join('\n')
  return text(value).trim().toLowerCase()
}

/** Whether two values of a natural key field are the same. */
export function sameKeyValue(a: unknown, b: unknown): boolean {
  return comparable(a) === comparable(b)
}

// `"0"` and missing are the same: the API writes an unset reference as "0".
const keyText = (value: unknown) => (value === undefined || value === null || value === '0' ? '' : value)

/** Whether a listed record has the natural key of the record that was sent. */
export function matchesKey(natural: Pick<NaturalKey, 'key' | 'keyDefaults'>, record: Values, body: Values): boolean {
  const field = (values: Values, name: string) => keyText(values[name] ?? natural.keyDefaults?.[name])
  return natural.key.every((name) => sameKeyValue(field(record, name), field(body, name)))
}

const byPattern = Object.values(naturalKeys).map((natural) => ({
  natural: natural as NaturalKey,
  fields: [...natural.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
  pattern: new RegExp(`^${natural.path.replaceAll(/\{\w+\}/g, '([^/]+)')}$`),
}))

/** The natural key of what a POST to this (filled) path creates, with the path's own fields (`schemaId`). */
export function naturalKeyOf(path: string): {natural: NaturalKey; pathValues: Values} | undefined {
  for (const {natural, fields, pattern} of byPattern) {
    const match = pattern.exec(path.split('?')[0])
    if (match) return {natural, pathValues: Object.fromEntries(fields.map((field, index) => [field, decodeURIComponent(match[index + 1])]))}
  }

  return undefined
}
