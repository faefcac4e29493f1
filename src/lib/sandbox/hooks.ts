// The few collection behaviours that are code rather than data: contact email rules and
// list filters, list stringids, deal rules and the deals list meta.

import {createHash} from 'node:crypto'

import type {Query, RecordContext} from './collection.js'
import {invalid} from './errors.js'
import {first} from './list.js'
import type {StoredRecord} from './store.js'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function isValidEmail(value: unknown): boolean {
  return typeof value === 'string' && EMAIL.test(value)
}

export function validateContact(record: StoredRecord): void {
  if (record.email === undefined || record.email === null || record.email === '') {
    throw invalid('field_missing', 'Email address is required', 'email')
  }
  if (!isValidEmail(record.email)) throw invalid('email_invalid', 'Email address is not valid', 'email')
}

export function deriveContact(record: StoredRecord): void {
  const email = String(record.email ?? '')
  const at = email.lastIndexOf('@')
  record.email_local = at > 0 ? email.slice(0, at) : ''
  record.email_domain = at > 0 ? email.slice(at + 1) : ''
  record.hash = createHash('md5').update(email.toLowerCase()).digest('hex')
}

function idsOf(state: RecordContext, collection: string, field: string, matches: (record: StoredRecord) => boolean): Set<string> {
  return new Set(state.store.filter(collection, matches).map((record) => String(record[field])))
}

/** `GET /contacts` filters: email, email_like, tagid, listid (+ status), phone, organization, exclude. */
export function contactFilter(query: Query, state: RecordContext): ((record: StoredRecord) => boolean) | undefined {
  const tests: Array<(record: StoredRecord) => boolean> = []
  const email = first(query.email)?.toLowerCase()
  if (email) tests.push((record) => String(record.email).toLowerCase() === email)
  const emailLike = first(query.email_like)?.toLowerCase()
  if (emailLike) tests.push((record) => String(record.email).toLowerCase().includes(emailLike))
  const phone = first(query.phone)
  if (phone) tests.push((record) => String(record.phone ?? '').startsWith(phone))
  const organization = first(query.organization)
  if (organization) tests.push((record) => record.orgid === organization)
  const exclude = first(query.exclude)
  if (exclude) tests.push((record) => record.id !== exclude)
  const tagId = first(query.tagid)
  if (tagId) {
    const tagged = idsOf(state, 'contactTags', 'contact', (link) => link.tag === tagId)
    tests.push((record) => tagged.has(record.id))
  }
  const listId = first(query.listid)
  if (listId) {
    const status = first(query.status)
    const anyStatus = status === undefined || status === '-1'
    const members = idsOf(state, 'contactLists', 'contact', (link) => link.list === listId && (anyStatus || link.status === status))
    tests.push((record) => members.has(record.id))
  }
  return tests.length === 0 ? undefined : (record) => tests.every((test) => test(record))
}

/** `GET /contacts` meta: the total and the `page_input` echo of the example. */
export function contactsMeta(matching: StoredRecord[], page: {query: Query; limit: number; offset: number}): Record<string, unknown> {
  const number = (name: string, fallback = 0) => {
    const value = Number(first(page.query[name]))
    return Number.isFinite(value) && first(page.query[name]) !== '' && first(page.query[name]) !== undefined ? value : fallback
  }
  const cacheid = createHash('md5').update(JSON.stringify(page.query)).digest('hex')
  return {
    total: String(matching.length),
    page_input: {
      segmentid: number('segmentid'), formid: number('formid'), listid: number('listid'), tagid: number('tagid'),
      limit: page.limit, offset: page.offset, search: first(page.query.search) ?? null, sort: first(page.query.sort) ?? null,
      seriesid: number('seriesid'), waitid: number('waitid'), status: number('status', -1), forceQuery: number('forceQuery'), cacheid,
    },
  }
}

/** `GET /contacts/{id}`: the ids of the contact's related records, and the geo siblings (always empty here). */
export function contactDetail(record: StoredRecord, state: RecordContext): {fields: Record<string, unknown>; siblings: Record<string, unknown>} {
  const idsOf = (collection: string) => state.store.filter(collection, (row) => row.contact === record.id).map((row) => row.id)
  return {
    fields: {
      contactAutomations: idsOf('contactAutomations'), contactLists: idsOf('contactLists'), fieldValues: idsOf('fieldValues'),
      geoIps: [], deals: idsOf('deals'), accountContacts: idsOf('accountContacts'),
    },
    siblings: {geoAddresses: [], geoIps: []},
  }
}

export function deriveList(record: StoredRecord): void {
  if (record.stringid === undefined || record.stringid === '') {
    record.stringid = String(record.name ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  }
}

export function validateContactList(record: StoredRecord): void {
  const status = Number(record.status)
  if (!Number.isInteger(status) || status < 0 || status >= 4) {
    throw invalid('field_invalid', 'The status must be 0 (unconfirmed), 1 (active), 2 (unsubscribed) or 3 (bounced)', 'status')
  }
}

export function validateDeal(record: StoredRecord): void {
  if (!record.contact && !record.account) throw invalid('field_missing', 'A deal needs a contact or an account', 'contact')
  if (!/^\d+$/.test(String(record.value))) throw invalid('field_invalid', 'Value must be a whole number of cents, zero or more', 'value')
  if (!/^[a-z]{3}$/i.test(String(record.currency))) throw invalid('field_invalid', 'Currency must be a 3-letter code', 'currency')
}

/** A deal's pipeline follows from its stage; a deal given only a pipeline goes to its first stage (lowest order), as the API's does. */
export function deriveDeal(record: StoredRecord, state: RecordContext): void {
  if (!record.group && record.stage) {
    const stage = state.store.get('dealStages', String(record.stage))
    if (stage) record.group = stage.group
  }

  if (record.group && !record.stage) {
    const [first] = state.store
      .filter('dealStages', (stage) => String(stage.group) === String(record.group))
      .sort((a, b) => (Number(a.order) || 0) - (Number(b.order) || 0) || Number(a.id) - Number(b.id))
    if (first) record.stage = first.id
  }
}

/** The deals list meta: a numeric total and the sum per currency, keyed upper-case (`USD`) whatever the deals hold. */
export function dealsMeta(matching: StoredRecord[]): Record<string, unknown> {
  const currencies: Record<string, {currency: string; total: string; value: string}> = {}
  for (const deal of matching) {
    const currency = String(deal.currency || 'usd').toUpperCase()
    const entry = currencies[currency] ?? {currency, total: '0', value: '0'}
    entry.total = String(Number(entry.total) + 1)
    entry.value = String(Number(entry.value) + (Number(deal.value) || 0))
    currencies[currency] = entry
  }
  return {total: matching.length, currencies}
}

/** How many contacts a tag or a list has: counted when read, as the API does. */
export function subscriberCount(collection: 'contactTags' | 'contactLists', field: 'tag' | 'list') {
  return (record: StoredRecord, state: RecordContext): Record<string, unknown> => {
    const links = state.store.filter(collection, (link) => link[field] === record.id && (collection === 'contactTags' || link.status === '1'))
    return {subscriber_count: String(links.length)}
  }
}

/** A pipeline's stages, by id. */
export function pipelineStages(record: StoredRecord, state: RecordContext): Record<string, unknown> {
  return {stages: state.store.filter('dealStages', (stage) => stage.group === record.id).map((stage) => stage.id)}
}

/** A new stage goes last in its pipeline unless an order is given. */
export function deriveStage(record: StoredRecord, state: RecordContext): void {
  if (record.order !== undefined && record.order !== null && record.order !== '') return
  const orders = state.store.filter('dealStages', (stage) => stage.group === record.group && stage.id !== record.id).map((stage) => Number(stage.order) || 0)
  record.order = String(Math.max(0, ...orders) + 1)
}

/** The field types ActiveCampaign has. */
export const FIELD_TYPES = ['text', 'textarea', 'date', 'datetime', 'dropdown', 'multiselect', 'radio', 'checkbox', 'hidden', 'listbox']

export function validateField(record: StoredRecord): void {
  if (record.type !== undefined && !FIELD_TYPES.includes(String(record.type))) {
    throw invalid('field_invalid', `The type must be one of ${FIELD_TYPES.join(', ')}`, 'type')
  }
}
