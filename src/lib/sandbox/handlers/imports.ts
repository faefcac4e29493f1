// /import/bulk_import: up to 250 contacts and < 400 KB a request, snake_case keys (others are
// dropped), tags by name (created when new), one invalid contact rejects the whole batch,
// its own request quota. The batch is processed at once; /import/info reports it.

import {randomUUID} from 'node:crypto'

import {json} from '../errors.js'
import {isValidEmail} from '../hooks.js'
import {first} from '../list.js'
import {createRecord, isObject, updateRecord} from '../records.js'
import {Layer, type Router} from '../router.js'
import type {SandboxState} from '../state.js'

export const MAX_IMPORT_CONTACTS = 250
export const MAX_IMPORT_BYTES = 400 * 1024
/** A poll this soon after queueing, the first one, answers `status: false` as the real API may. */
const NOT_YET_VISIBLE_MS = 250

interface ImportBatch {
  status: 'completed'
  success: string[]
  failure: string[]
  queuedAt: number
  polled: boolean
}

export class ImportBatches {
  private readonly batches = new Map<string, ImportBatch>()

  add(batch: Omit<ImportBatch, 'polled' | 'queuedAt'>): string {
    const id = randomUUID()
    this.batches.set(id, {...batch, queuedAt: Date.now(), polled: false})
    return id
  }

  get(id: string): ImportBatch | undefined {
    return this.batches.get(id)
  }

  clear(): void {
    this.batches.clear()
  }
}

type Fields = Record<string, unknown>

function rejected(message: string, failureReasons: Array<{contact: number; failureReason: string; reason: string}> = []) {
  return json(400, {success: 0, message, failureReasons})
}

function failureOf(contact: unknown): string | undefined {
  if (!isObject(contact)) return 'Contact must be an object'
  if (contact.email === undefined || contact.email === '') return "Field 'email' is required"
  if (!isValidEmail(contact.email)) return "Field 'email' incorrect format"
  return undefined
}

function listIds(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).filter(isObject).map((item) => String(item.listid ?? ''))
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
    for (const list of listIds(contact[key]).filter((id) => state.store.get('lists', id))) {
      createRecord(state, collections.get('contactLists'), {contact: record.id, list, status})
    }
  }
  for (const field of Array.isArray(contact.fields) ? contact.fields.filter(isObject) : []) {
    createRecord(state, collections.get('fieldValues'), {contact: record.id, field: String(field.id), value: field.value})
  }
  return record.id
}

export function registerImportRoutes(router: Router, state: SandboxState): void {
  router.add('POST', '/import/bulk_import', Layer.Special, (request) => {
    const contacts = isObject(request.body) ? request.body.contacts : undefined
    const quotas = state.importQuotas
    const single = Array.isArray(contacts) && contacts.length === 1
    if (quotas && (!quotas.all.take() || (single && !quotas.single.take()))) return rejected('Rate limit exceeded.')
    if (!Array.isArray(contacts) || contacts.length === 0) return rejected("'contacts' is a required field and must be a non-empty array.")
    if (contacts.length > MAX_IMPORT_CONTACTS) return rejected(`A request may hold at most ${MAX_IMPORT_CONTACTS} contacts; this one has ${contacts.length}.`)
    if (Buffer.byteLength(JSON.stringify(request.body)) >= MAX_IMPORT_BYTES) return rejected('The request must be smaller than 400 KB.')
    const failureReasons = contacts.flatMap((contact, index) => {
      const reason = failureOf(contact)
      return reason ? [{contact: index + 1, failureReason: reason, reason}] : []
    })
    if (failureReasons.length > 0) {
      return rejected('JSON payload did not pass validation. Please fix failure Reasons and retry. The import was not queued for processing.', failureReasons)
    }
    const success = contacts.map((contact) => importContact(state, contact as Fields))
    const batchId = state.imports.add({status: 'completed', success, failure: []})
    return json(200, {success: 1, queued_contacts: contacts.length, batchId, message: 'Contact import queued'})
  })

  router.add('GET', '/import/info', Layer.Special, (request) => {
    const batchId = first(request.query.batchId)
    if (!batchId) return json(400, {success: 0, message: "'batchId' is a required field."})
    const batch = state.imports.get(batchId)
    if (!batch) return json(404, {success: 0, message: `No Result found for batch with id ${batchId}`})
    const firstPoll = !batch.polled
    batch.polled = true
    if (firstPoll && Date.now() - batch.queuedAt < NOT_YET_VISIBLE_MS) return json(200, {status: false})
    return json(200, {status: batch.status, success: batch.success, failure: batch.failure})
  })

  router.add('GET', '/import/bulk_import', Layer.Special, () => json(200, {outstanding: [], recentlyCompleted: []}))
}
