// The queue of /import/bulk_import batches. A queued batch is `waiting`, then `active`, then
// `completed` on /import/info (handlers/imports.ts answers those); its contacts are written
// when it completes (importDelayMs after queueing; 0 = at once). It sits below the state,
// which holds one, so that the state never reaches up into the handlers.

import {randomUUID} from 'node:crypto'

import type {RecordContext} from './collection.js'
import {createRecord, isObject, updateRecord} from './records.js'

/** A batch completes this long after queueing unless configured otherwise (importDelayMs). */
export const DEFAULT_IMPORT_DELAY_MS = 800

type Fields = Record<string, unknown>

/** What completing a batch touches: the records, and the server's hook that saves the data file. */
export interface ImportContext extends RecordContext {
  /** Called after the store changed outside a request (an import completing). */
  changed?: () => void
}

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
  add(state: ImportContext, contacts: Fields[], delayMs: number): string {
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
  settleDue(state: ImportContext, now: number = Date.now()): number {
    let settled = 0
    for (const batch of this.pending) {
      if (now - batch.queuedAt < batch.delayMs) continue
      this.complete(state, batch)
      settled++
    }
    return settled
  }

  private complete(state: ImportContext, batch: ImportBatch): void {
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

/** The list ids of a `subscribe` or `unsubscribe` array: `{listid}` objects or bare ids. */
export function listIds(value: unknown): unknown[] {
  return (Array.isArray(value) ? value : []).map((item) => (isObject(item) ? item.listid : item))
}

/** Writes one imported contact and its tags, lists and field values; answers its id. */
function importContact(state: RecordContext, contact: Fields): string {
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
