// The sandbox fires webhooks as an account does: after a request has changed the store, each
// event it caused (a tag added, a deal moved...) is POSTed, form-encoded, to every registered
// webhook whose events and sources match. Off the request path (the API answer never waits),
// one at a time per webhook and in order, never retried, with a short timeout; a receiver that
// answers 410 Gone sets its webhook inactive (state 0), as the account does.

import {buildPayload, type EventRecords} from '../webhooks/payload.js'
import {postForm} from '../webhooks/send.js'
import type {SandboxState} from './state.js'
import type {StoredRecord} from './store.js'

type Values = Record<string, unknown>

export interface Delivery {
  /** When it was sent (ms since the epoch). */
  at: number
  webhook: string
  url: string
  type: string
  source: string
  /** The receiver's status; 0 when it did not answer in time or could not be reached. */
  status: number
  ms: number
  error?: string
  /** The form fields sent. */
  fields: Record<string, string>
}

/** What a request looked like before it acted: the records a delete or an update takes away. */
export interface Probe {
  method: string
  path: string
  body: unknown
  before?: StoredRecord
  existed?: boolean
}

export const DELIVERY_TIMEOUT_MS = 10_000
const MAX_DELIVERIES = 1000

const one = (body: unknown, key: string) => ((body ?? {}) as Values)[key] as Values | undefined

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = []
  /** Off while `ac sandbox start --seed` fills the store, unless asked to fire. */
  enabled = true
  /** Who causes what the requests do: `api`; `admin` for what the sandbox seeds itself. */
  source = 'api'
  onDelivery?: (delivery: Delivery) => void
  private readonly queues = new Map<string, Promise<void>>()
  private readonly abort = new AbortController()

  constructor(private readonly state: SandboxState, private readonly timeoutMs = DELIVERY_TIMEOUT_MS) {}

  /** Called before the router acts on a mutating request. */
  before(method: string, path: string, body: unknown): Probe {
    const [, collection, id] = path.split('/')
    const probe: Probe = {method, path, body}
    // Nobody listening: no look before acting (a sync into 100,000 contacts would scan them each time).
    if (!this.listening()) return probe
    if ((method === 'PUT' || method === 'DELETE') && id) probe.before = this.get(collection, id)
    // Tagging a contact twice, or subscribing it again, changes nothing: the account tells no one.
    if (method === 'POST' && (path === '/contactTags' || path === '/contactLists')) {
      const link = one(body, path === '/contactTags' ? 'contactTag' : 'contactList') ?? {}
      const end = path === '/contactTags' ? 'tag' : 'list'
      const same = this.state.store.find(path.slice(1), (record) => String(record.contact) === String(link.contact) && String(record[end]) === String(link[end]))
      probe.existed = same !== undefined && (path === '/contactTags' || String(same.status) === String(link.status))
    }

    if (method === 'POST' && path === '/contact/sync') {
      const email = String(one(body, 'contact')?.email ?? '').toLowerCase()
      probe.existed = this.state.store.find('contacts', (contact) => String(contact.email).toLowerCase() === email) !== undefined
    }

    return probe
  }

  /** Called once the request has acted (its answer a success): fires the events it caused. */
  after(probe: Probe, answer: unknown): void {
    if (!this.enabled || !this.listening()) return
    for (const [type, records] of this.events(probe, answer)) this.fire(type, records)
  }

  private listening(): boolean {
    return this.state.store.count('webhooks') > 0
  }

  /** Waits for what is being delivered (tests), or gives it up (close). */
  async settle(): Promise<void> {
    await Promise.all(this.queues.values())
  }

  close(): void {
    this.abort.abort()
  }

  private events(probe: Probe, answer: unknown): Array<[string, EventRecords]> {
    const {method, path} = probe
    const [, collection, id, sub] = path.split('/')
    if (method === 'POST' && (path === '/contactLists' || path === '/contactTags') && probe.existed) return []
    if (method === 'POST' && path === '/contactLists') {
      const link = one(answer, 'contactList')
      const status = String(link?.status ?? '')
      const type = status === '1' ? 'subscribe' : status === '2' ? 'unsubscribe' : undefined
      return type ? [[type, {...this.contact(link?.contact), list: this.get('lists', link?.list)}]] : []
    }

    if (path === '/contactTags' && method === 'POST') {
      const link = one(answer, 'contactTag')
      return [['contact_tag_added', {...this.contact(link?.contact), tag: this.get('tags', link?.tag)}]]
    }

    if (collection === 'contactTags' && method === 'DELETE' && probe.before) {
      return [['contact_tag_removed', {...this.contact(probe.before.contact), tag: this.get('tags', probe.before.tag)}]]
    }

    if ((collection === 'contacts' && method === 'PUT' && id && !sub) || (path === '/contact/sync' && probe.existed)) {
      return [['update', this.contact(one(answer, 'contact')?.id ?? id)]]
    }

    const note = method === 'POST' && (path === '/notes' || sub === 'notes') ? one(answer, 'note') : undefined
    if (note) {
      if (String(note.reltype) === 'Subscriber') return [['subscriber_note', {...this.contact(note.relid), note}]]
      if (String(note.reltype) === 'Deal') return [['deal_note_add', {...this.deal(note.relid), note}]]
      return []
    }

    if (method === 'POST' && path === '/lists') return [['list_add', {list: one(answer, 'list')}]]
    if (method === 'POST' && path === '/deals') return [['deal_add', this.deal(one(answer, 'deal')?.id)]]
    if (collection === 'deals' && method === 'PUT' && id && !sub) {
      const after = this.get('deals', id)
      const changed = Object.keys(after ?? {}).filter((field) => !['mdate', 'udate', 'links'].includes(field) && JSON.stringify(after?.[field]) !== JSON.stringify(probe.before?.[field]))
      return [['deal_update', {...this.deal(id), updatedFields: changed}]]
    }

    if (method === 'POST' && path === '/dealTasks') {
      const task = one(answer, 'dealTask')
      return String(task?.reltype ?? 'Deal') === 'Deal' ? [['deal_task_add', this.task(task?.id)]] : []
    }

    if (collection === 'dealTasks' && method === 'PUT' && id && String(this.get('dealTasks', id)?.status) === '1' && String(probe.before?.status) !== '1') {
      return [['deal_task_complete', this.task(id)]]
    }

    const added: Record<string, string> = {'/dealGroups': 'deal_pipeline_add', '/dealStages': 'deal_stage_add', '/dealTasktypes': 'deal_tasktype_add'}
    if (method === 'POST' && added[path]) return [[added[path], {}]]
    return []
  }

  private get(collection: string, id: unknown): StoredRecord | undefined {
    // Paths name collections the store may not know by that name (`/customObjects/schemas/{id}`).
    if (id === undefined || id === null || !this.state.collections.find(collection)) return undefined
    return this.state.store.get(collection, String(id))
  }

  /** A contact with its tag names and custom field values, for the `contact[...]` block. */
  private contact(id: unknown): EventRecords {
    const contact = this.get('contacts', id)
    if (!contact) return {}
    const links = this.state.store.filter('contactTags', (link) => String(link.contact) === contact.id)
    const contactTags = links.map((link) => String(this.get('tags', link.tag)?.tag ?? '')).filter(Boolean)
    const fieldValues = this.state.store.filter('fieldValues', (value) => String(value.contact) === contact.id).map((value) => ({field: value.field, value: value.value}))
    return {contact, contactTags, fieldValues}
  }

  private deal(id: unknown): EventRecords {
    const deal = this.get('deals', id)
    if (!deal) return {}
    return {...this.contact(deal.contact), deal, stage: this.get('dealStages', deal.stage), pipeline: this.get('dealGroups', deal.group), owner: this.get('users', deal.owner)}
  }

  private task(id: unknown): EventRecords {
    const task = this.get('dealTasks', id)
    if (!task) return {}
    return {...this.deal(task.relid), task, taskType: this.get('dealTasktypes', task.dealTasktype)}
  }

  private fire(type: string, records: EventRecords): void {
    const at = new Date()
    for (const webhook of this.state.store.all('webhooks')) {
      const events = Array.isArray(webhook.events) ? webhook.events.map(String) : []
      const sources = Array.isArray(webhook.sources) ? webhook.sources.map(String) : []
      if (String(webhook.state ?? '1') !== '1' || !events.includes(type) || !sources.includes(this.source)) continue
      // A webhook kept to one list hears only of that list's subscriptions.
      const listId = String(webhook.listid ?? '0')
      if (listId !== '0' && (type === 'subscribe' || type === 'unsubscribe') && String(records.list?.id) !== listId) continue
      const pairs = buildPayload(type, records, {source: this.source, at})
      const previous = this.queues.get(webhook.id) ?? Promise.resolve()
      const next = previous.then(() => this.post(webhook, type, pairs))
      this.queues.set(webhook.id, next)
      void next.then(() => {
        if (this.queues.get(webhook.id) === next) this.queues.delete(webhook.id)
      })
    }
  }

  private async post(webhook: StoredRecord, type: string, pairs: Array<[string, string]>): Promise<void> {
    const url = String(webhook.url)
    const {status, ms, error} = await postForm(url, pairs, {timeoutMs: this.timeoutMs, signal: this.abort.signal, agent: 'ActiveCampaign-Webhook/1.0 (ac sandbox)'})
    // Gone: the account stops calling it (deleting and creating it again starts it anew).
    if (status === 410) {
      const current = this.state.store.get('webhooks', webhook.id)
      if (current) this.state.store.put('webhooks', {...current, state: '0'})
      this.state.changed?.()
    }

    const delivery: Delivery = {at: Date.now() - ms, webhook: webhook.id, url, type, source: this.source, status, ms, ...(error ? {error} : {}), fields: Object.fromEntries(pairs)}
    this.deliveries.push(delivery)
    if (this.deliveries.length > MAX_DELIVERIES) this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERIES)
    this.onDelivery?.(delivery)
  }
}
