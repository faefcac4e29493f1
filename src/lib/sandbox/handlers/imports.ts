// /import/bulk_import: up to 250 contacts and < 400 KB a request (raw bytes), snake_case keys
// (others are dropped), tags by name (created when new), one invalid contact rejects the
// whole batch before anything is written, its own request quota. The queued batches, and
// the writing of their contacts, are import-batches.ts; /import/info reports on them.

import {json} from '../errors.js'
import {isValidEmail} from '../hooks.js'
import {listIds} from '../import-batches.js'
import {first} from '../list.js'
import {isObject} from '../records.js'
import {Layer, type Router} from '../router.js'
import type {SandboxState} from '../state.js'

export const MAX_IMPORT_CONTACTS = 250
export const MAX_IMPORT_BYTES = 400 * 1024
/** The first part of the delay the batch is `waiting`; `active` for the rest (300 of 800 ms). */
const WAITING_SHARE = 300 / 800
/** A first poll this soon after queueing answers `status: false`, as the real API may. */
const NOT_YET_VISIBLE_MS = 50

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
