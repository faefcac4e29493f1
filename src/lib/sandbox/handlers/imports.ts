// /import/bulk_import: up to 250 contacts and < 400 KB a request (raw bytes), snake_case keys
// (others are dropped), tags by name (created when new), one invalid contact rejects the
// whole batch before anything is written, its own request quota. A queued batch is
// `waiting`, then `active`, then `completed` on /import/info; its contacts are written when
// it completes (importDelayMs after queueing; 0 = at once).

import {randomUUID} from 'node:crypto'

import {json} from '../errors.js'
import {isValidEmail} from '../hooks.js'
import {first} from '../list.js'
import {createRecord, isObject, updateRecord} from '../records.js'
import {Layer, type Router} from '../router.js'
import type {SandboxState} from '../state.js'

export const MAX_IMPORT_CONTACTS = 250
export const MAX_IMPORT_BYTES = 400 * 1024
/** A batch completes this long after queueing unless configured otherwise (importDelayMs). */
export const DEFAULT_IMPORT_DELAY_MS = 800
/** The first part of the delay the batch is `waiting`; `active` for the rest (300 of 800 ms). */
const WAITING_SHARE = 300 / 800
/** A first poll this soon after queueing answers `status: false`, as the real API may. */
const NOT_YET_VISIBLE_MS = 50

interface ImportBatch {
  contacts: Fields[]
  queuedAt: number
  delayMs: number
  completed: boolean
  success: string[]
  failure: string[]
  polled: boolean
  timer?: NodeJS.Timeout
}

export class ImportBatches {
  private readonly batches = new Map<string, ImportBatch>()
  private readonly pending = new Set<ImportBatch>()

  /** Queues a validated batch; with no delay its contacts are written before this returns. */
  add(state: SandboxState, contacts: Fields[], delayMs: number): string {
    const id = randomUUID()
    const batch: ImportBatch = {contacts, queuedAt: Date.now(), delayMs, completed: false, success: [], failure: [], polled: false}
    this.batches.set(id, batch)
    if (delayMs <= 0) {
      this.complete(state, batch)
      return id
    }
    this.pending.add(batch)
    batch.timer = setTimeout(() => {
      if (this.settleDue(state) > 0) state.changed?.()
    }, delayMs)
    batch.timer.unref()
    return id
  }

  get(id: string): ImportBatch | undefined {
    return this.batches.get(id)
  }

  /** Completes every batch whose delay is over; answers how many. */
  settleDue(state: SandboxState, now: number = Date.now()): number {
    let settled = 0
    for (const batch of this.pending) {
      if (now - batch.queuedAt < batch.delayMs) continue
      this.complete(state, batch)
      settled++
    }
    return settled
  }

  private complete(state: SandboxState, batch: ImportBatch): void {
    this.pending.delete(batch)
    if (batch.timer) clearTimeout(batch.timer)
    for (const contact of batch.contacts) {
      try {
        batch.success.push(importContact(state, contact))
      } catch {
        // Valid when queued, not any more (its list was deleted meanwhile): the API reports the email.
        batch.failure.push(String(contact.email))
      }
    }
    batch.contacts = []
    batch.completed = true
  }

  clear(): void {
    for (const batch of this.pending) if (batch.timer) clearTimeout(batch.timer)
    this.pending.clear()
    this.batches.clear()
  }
}

type Fields = Record<string, unknown>

interface FailureReason {
  contact: number
  failureReason: string
  reason: string
}

function rejected(message: string, failureReasons: Array<FailureReason | string> = []) {
  return json(400, {success: 0, message, failureReasons})
}

const isBlank = (value: unknown) => value === undefined || value === null || String(value).trim() === ''

function listIds(value: unknown): unknown[] {
  return (Array.isArray(value) ? value : []).map((item) => (isObject(item) ? item.listid : item))
}

/** Why the contact would not import, if it would not: the whole batch is then refused. */
function failureOf(state: SandboxState, contact: unknown): string | undefined {
  if (!isObject(contact)) return 'Contact must be an object'
  if (contact.email === undefined || contact.email === '') return "Field 'email' is required"
  if (!isValidEmail(contact.email)) return "Field 'email' incorrect format"
  if (contact.tags !== undefined && !Array.isArray(contact.tags)) return "Field 'tags' must be an array of tag names"
  if ((contact.tags as unknown[] | undefined)?.some((tag) => isBlank(tag) || typeof tag === 'object')) return 'Tag names cannot be empty'
  if (contact.fields !== undefined && !Array.isArray(contact.fields)) return "Field 'fields' must be an array"
  for (const field of (contact.fields as unknown[] | undefined) ?? []) {
    if (!isObject(field) || isBlank(field.id)) return "Every field value needs the field's 'id'"
    if (!state.store.get('fields', String(field.id))) return `Field with id ${String(field.id)} does not exist`
  }
  for (const key of ['subscribe', 'unsubscribe']) {
    if (contact[key] !== undefined && !Array.isArray(contact[key])) return `Field '${key}' must be an array of {"listid": ID}`
    for (const listId of listIds(contact[key])) {
      if (isBlank(listId)) return `Every ${key} entry needs a 'listid'`
      if (!state.store.get('lists', String(listId))) return `List with id ${String(listId)} does not exist`
    }
  }
  return undefined
}

/** Writes one imported contact and its tags, lists and field values; answers its id. */
function importContact(state: SandboxState, contact: Fields): string {
  const collections = state.collections
  const fields: Fields = {email: contact.email}
  const renames: Record<string, string> = {first_name: 'firstName', last_name: 'lastName', phone: 'phone', customer_acct_name: 'orgname'}
  for (const [from, to] of Object.entries(renames)) if (contact[from] !== undefined) fields[to] = contact[from]
  const existing = state.store.findByUnique('contacts', 0, {email: contact.email})
  const contacts = collections.get('contacts')
  const record = (existing ? updateRecord(state, contacts, existing.id, fields) : createRecord(state, contacts, fields)).record
  for (const name of Array.isArray(contact.tags) ? contact.tags.map(String) : []) {
    const tag = state.store.findByUnique('tags', 0, {tag: name, tagType: 'contact'})
      ?? createRecord(state, collections.get('tags'), {tag: name, tagType: 'contact'}).record
    createRecord(state, collections.get('contactTags'), {contact: record.id, tag: tag.id})
  }
  for (const [key, status] of [['subscribe', '1'], ['unsubscribe', '2']] as const) {
    for (const list of listIds(contact[key])) {
      createRecord(state, collections.get('contactLists'), {contact: record.id, list: String(list), status})
    }
  }
  for (const field of Array.isArray(contact.fields) ? contact.fields.filter(isObject) : []) {
    createRecord(state, collections.get('fieldValues'), {contact: record.id, field: String(field.id), value: field.value})
  }
  return record.id
}

const QUOTA_ADVICE = 'Please batch contacts into larger requests, or retry this request in a minute.'

export function registerImportRoutes(router: Router, state: SandboxState): void {
  router.add('POST', '/import/bulk_import', Layer.Special, (request) => {
    const contacts = isObject(request.body) ? request.body.contacts : undefined
    const quotas = state.importQuotas
    const single = Array.isArray(contacts) && contacts.length === 1
    // Only requests that get queued count against the quota.
    if (quotas && !quotas.all.available()) {
      return rejected('Rate limit exceeded.', [`Up to ${quotas.all.limit} imports may be requested per minute.${QUOTA_ADVICE}`])
    }
    if (quotas && single && !quotas.single.available()) {
      return rejected('Rate limit exceeded.', [`Up to ${quotas.single.limit} single-contact imports may be requested per minute.${QUOTA_ADVICE}`])
    }
    if (!Array.isArray(contacts) || contacts.length === 0) return rejected("'contacts' is a required field and must be a non-empty array.")
    if (contacts.length > MAX_IMPORT_CONTACTS) return rejected(`A request may hold at most ${MAX_IMPORT_CONTACTS} contacts; this one has ${contacts.length}.`)
    const bytes = request.bytes ?? Buffer.byteLength(JSON.stringify(request.body))
    if (bytes >= MAX_IMPORT_BYTES) return rejected('The request must be smaller than 400 KB.')
    const failureReasons = contacts.flatMap((contact, index) => {
      const reason = failureOf(state, contact)
      return reason ? [{contact: index + 1, failureReason: reason, reason}] : []
    })
    if (failureReasons.length > 0) {
      return rejected('JSON payload did not pass validation. Please fix failure Reasons and retry. The import was not queued for processing.', failureReasons)
    }
    quotas?.all.take()
    if (single) quotas?.single.take()
    const batchId = state.imports.add(state, contacts as Fields[], state.importDelayMs)
    return json(200, {success: 1, queued_contacts: contacts.length, batchId, message: 'Contact import queued'})
  })

  router.add('GET', '/import/info', Layer.Special, (request) => {
    const batchId = first(request.query.batchId)
    if (!batchId) return json(400, {success: 0, message: "'batchId' is a required field."})
    state.imports.settleDue(state)
    const batch = state.imports.get(batchId)
    if (!batch) return json(404, {success: 0, message: `No Result found for batch with id ${batchId}`})
    const firstPoll = !batch.polled
    batch.polled = true
    const age = Date.now() - batch.queuedAt
    if (batch.completed) return json(200, {status: 'completed', success: batch.success, failure: batch.failure})
    if (firstPoll && age < NOT_YET_VISIBLE_MS) return json(200, {status: false})
    return json(200, {status: age < batch.delayMs * WAITING_SHARE ? 'waiting' : 'active', success: [], failure: []})
  })

  router.add('GET', '/import/bulk_import', Layer.Special, () => json(200, {outstanding: [], recentlyCompleted: []}))
}
