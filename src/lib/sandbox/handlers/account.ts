// Account-level routes with their own semantics: whoami, user look-ups, account settings,
// contact sync (upsert by email), the webhook event list and accounts bulk delete.

import {json, notFound} from '../errors.js'
import {validateContact} from '../hooks.js'
import {bodyFields, createRecord, deleteRecord, render, updateRecord} from '../records.js'
import {Layer, type Router} from '../router.js'
import type {SandboxState} from '../state.js'
import type {StoredRecord} from '../store.js'
import {writeResponse} from './generic.js'

/** The account's only user until more are created: what `GET /users/me` answers. */
export const ADMIN_USER: StoredRecord = {
  id: '1', username: 'admin', firstName: 'Sandbox', lastName: 'Admin', email: 'admin@sandbox.local', phone: '', signature: null,
}

const WEBHOOK_EVENTS = [
  'bounce', 'click', 'contact_tag_added', 'contact_tag_removed', 'deal_add', 'deal_note_add', 'deal_pipeline_add',
  'deal_stage_add', 'deal_task_add', 'deal_task_complete', 'deal_tasktype_add', 'deal_update', 'forward', 'list_add',
  'open', 'reply', 'sent', 'share', 'sms_reply', 'sms_sent', 'sms_unsub', 'subscribe', 'subscriber_note', 'unsubscribe', 'update',
]

function queryList(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return values.flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean)
}

export function registerAccountRoutes(router: Router, state: SandboxState): void {
  const users = state.collections.get('users')
  const contacts = state.collections.get('contacts')
  const accounts = state.collections.get('accounts')

  router.add('GET', '/users/me', Layer.Special, () =>
    json(200, {user: render(state, users, state.store.get('users', ADMIN_USER.id) ?? ADMIN_USER)}))

  for (const field of ['email', 'username']) {
    router.add('GET', `/users/${field}/{value}`, Layer.Special, (request) => {
      const wanted = request.params.value.toLowerCase()
      const user = state.store.find('users', (record) => String(record[field]).toLowerCase() === wanted)
      if (!user) throw notFound('User', request.params.value)
      return json(200, {user: render(state, users, user)})
    })
  }

  router.add('GET', '/settings/account', Layer.Special, () => json(200, {
    account: {
      id: '1', name: 'Sandbox', url: state.baseUrl.replace(/\/api\/3$/, ''), timezone: 'America/Chicago',
      currency: 'usd', language: 'english', plan: 'sandbox',
    },
  }))

  router.add('GET', '/webhook/events', Layer.Special, () =>
    json(200, {webhookEvents: WEBHOOK_EVENTS, meta: {total: WEBHOOK_EVENTS.length}}))

  // Upsert by email: 201 with a new contact, 200 with the existing one updated (omitted fields kept).
  router.add('POST', '/contact/sync', Layer.Special, (request) => {
    const {key, fields} = bodyFields(request.body, contacts.singular)
    validateContact({id: '', ...fields})
    const existing = state.store.findByUnique('contacts', 0, {email: fields.email})
    const result = existing ? updateRecord(state, contacts, existing.id, fields) : createRecord(state, contacts, fields)
    return writeResponse(state, contacts, key, result)
  })

  // `ids[]=1&ids[]=2` (the spec also spells it `[]ids`); a missing id is a failure inside a 200.
  router.add('DELETE', '/accounts/bulk_delete', Layer.Special, (request) => {
    const ids = ['ids[]', 'ids', '[]ids'].flatMap((name) => queryList(request.query[name]))
    const missing = ids.filter((id) => !state.store.get('accounts', id))
    for (const id of ids) if (!missing.includes(id)) deleteRecord(state, accounts, id)
    if (missing.length > 0) {
      return json(200, {meta: {success: false, message: `No Result found for CustomerAccount with id ${missing.join(', ')}`}})
    }
    return json(200, {meta: {success: true}})
  })
}
