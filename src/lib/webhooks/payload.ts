// What an ActiveCampaign account POSTs to a webhook's URL: a form-encoded body of PHP-style
// keys (`contact[email]`, `deal[stage_title]`). One builder for the sandbox, which fires
// webhooks as an account does, and for `ac webhooks trigger`, which sends one by hand.
// Fields by origin (README, "Webhooks"): the common ones and the contact, deal and task
// blocks are those ActiveCampaign documents and that answers captured from live accounts
// carry; `tag`, `note`, `deal[note]` and `list_name` follow the same pattern where the
// published lists are thin.

type Values = Record<string, unknown>

/** The records an event speaks of, as the v3 API returns them. */
export interface EventRecords {
  contact?: Values
  /** Names of the contact's tags, for `contact[tags]`. */
  contactTags?: string[]
  /** The contact's custom field values: `contact[fields][ID]`. */
  fieldValues?: Array<{field: unknown; value: unknown}>
  deal?: Values
  stage?: Values
  pipeline?: Values
  owner?: Values
  list?: Values
  tag?: Values
  task?: Values
  taskType?: Values
  note?: Values
  /** The fields a `deal_update` changed. */
  updatedFields?: string[]
}

export interface WebhookEvent {
  type: string
  description: string
  /** The blocks its payload carries besides the common fields. */
  carries: Array<'contact' | 'deal' | 'task' | 'tag' | 'note' | 'list'>
}

/** The events ac builds payloads for, as `GET /webhook/events` names them. */
export const webhookEvents: WebhookEvent[] = [
  {type: 'subscribe', description: 'A contact subscribed to a list', carries: ['contact']},
  {type: 'unsubscribe', description: 'A contact unsubscribed from a list', carries: ['contact']},
  {type: 'update', description: 'A contact was updated', carries: ['contact']},
  {type: 'contact_tag_added', description: 'A tag was added to a contact', carries: ['contact', 'tag']},
  {type: 'contact_tag_removed', description: 'A tag was removed from a contact', carries: ['contact', 'tag']},
  {type: 'subscriber_note', description: 'A note was added to a contact', carries: ['contact', 'note']},
  {type: 'list_add', description: 'A list was created', carries: ['list']},
  {type: 'deal_add', description: 'A deal was created', carries: ['contact', 'deal']},
  {type: 'deal_update', description: 'A deal was updated (moved to a stage, won, lost...)', carries: ['contact', 'deal']},
  {type: 'deal_note_add', description: 'A note was added to a deal', carries: ['contact', 'deal', 'note']},
  {type: 'deal_task_add', description: 'A task was added to a deal', carries: ['contact', 'deal', 'task']},
  {type: 'deal_task_complete', description: 'A deal task was completed', carries: ['contact', 'deal', 'task']},
  {type: 'deal_pipeline_add', description: 'A pipeline was created', carries: []},
  {type: 'deal_stage_add', description: 'A stage was added to a pipeline', carries: []},
  {type: 'deal_tasktype_add', description: 'A task type was created', carries: []},
]

export const eventTypes = webhookEvents.map((event) => event.type)

/** Who caused it: `api` (a v3 request), `admin` (a user in the app), `public` (the contact), `system`. */
export const webhookSources = ['public', 'admin', 'api', 'system'] as const

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value))
const pad = (number: number) => String(number).padStart(2, '0')

/** `2026-10-06 14:30:00`, as the account writes `date_time` (the account's time zone: here UTC). */
export function webhookTime(at: Date): string {
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`
}

/** An API date (`2026-10-06T14:30:00-05:00` or `2026-10-06 14:30:00`) as the account writes it, and its ISO form. */
function dates(value: unknown): [string, string] {
  const parsed = new Date(text(value).replace(' ', 'T'))
  if (Number.isNaN(parsed.getTime())) return [text(value), text(value)]
  return [webhookTime(parsed), parsed.toISOString().replace(/\.\d{3}Z$/, '+00:00')]
}

const currencySymbols: Record<string, string> = {usd: '$', eur: '€', gbp: '£', jpy: '¥', aud: '$', cad: '$', nzd: '$', chf: 'CHF', inr: '₹', brl: 'R$'}

type Pairs = Array<[string, string]>

function contactBlock(records: EventRecords): Pairs {
  const contact = records.contact ?? {}
  const pairs: Pairs = [
    ['contact[id]', text(contact.id)],
    ['contact[email]', text(contact.email)],
    ['contact[first_name]', text(contact.firstName)],
    ['contact[last_name]', text(contact.lastName)],
    ['contact[phone]', text(contact.phone)],
    ['contact[orgname]', text(contact.orgname)],
    ['contact[tags]', (records.contactTags ?? []).join(', ')],
    ['contact[ip]', text(contact.ip) || '0.0.0.0'],
  ]
  for (const value of records.fieldValues ?? []) pairs.push([`contact[fields][${text(value.field)}]`, text(value.value)])
  pairs.push(['orgname', text(contact.orgname)])
  return pairs
}

function dealBlock(records: EventRecords): Pairs {
  const deal = records.deal ?? {}
  const contact = records.contact ?? {}
  const owner = records.owner ?? {}
  const cents = Number(deal.value)
  const [created, createdIso] = dates(deal.cdate)
  const currency = text(deal.currency).toLowerCase()
  return [
    ['deal[id]', text(deal.id)],
    ['deal[title]', text(deal.title)],
    ['deal[create_date]', created],
    ['deal[create_date_iso]', createdIso],
    ['deal[orgid]', text(deal.account ?? deal.organization) || '0'],
    ['deal[orgname]', ''],
    ['deal[stageid]', text(deal.stage)],
    ['deal[stage_title]', text(records.stage?.title)],
    ['deal[pipelineid]', text(deal.group)],
    ['deal[pipeline_title]', text(records.pipeline?.title)],
    // The API keeps cents; the webhook says money: `100.00`, and `100` raw.
    ['deal[value]', Number.isFinite(cents) ? (cents / 100).toFixed(2) : text(deal.value)],
    ['deal[value_raw]', Number.isFinite(cents) ? String(Math.round(cents / 100)) : text(deal.value)],
    ['deal[currency]', currency],
    ['deal[currency_symbol]', currencySymbols[currency] ?? currency.toUpperCase()],
    ['deal[owner]', text(deal.owner)],
    ['deal[owner_firstname]', text(owner.firstName)],
    ['deal[owner_lastname]', text(owner.lastName)],
    ['deal[contactid]', text(deal.contact)],
    ['deal[contact_email]', text(contact.email)],
    ['deal[contact_firstname]', text(contact.firstName)],
    ['deal[contact_lastname]', text(contact.lastName)],
    ['deal[status]', text(deal.status) || '0'],
  ]
}

function taskBlock(records: EventRecords, type: string): Pairs {
  const task = records.task ?? {}
  const [due, dueIso] = dates(task.duedate)
  const [end, endIso] = dates(task.edate ?? task.duedate)
  const pairs: Pairs = [
    ['task[id]', text(task.id)],
    ['task[title]', text(task.title)],
    ['task[note]', text(task.note)],
    ['task[type_id]', text(task.dealTasktype)],
    ['task[type_title]', text(records.taskType?.title)],
    ['task[duedate]', due],
    ['task[duedate_iso]', dueIso],
    ['task[edate]', end],
    ['task[edate_iso]', endIso],
  ]
  if (type === 'deal_task_complete') {
    const [done, doneIso] = dates(task.udate ?? task.mdate ?? new Date().toISOString())
    pairs.push(['task[donedate]', done], ['task[donedate_iso]', doneIso])
  }

  return pairs
}

export interface PayloadOptions {
  source: string
  at?: Date
}

/** The form fields of one event, in the order an account sends them. */
export function buildPayload(type: string, records: EventRecords, options: PayloadOptions): Pairs {
  const event = webhookEvents.find((candidate) => candidate.type === type)
  if (!event) throw new Error(`Unknown webhook event: ${type}`)
  const pairs: Pairs = [
    ['type', type],
    ['date_time', webhookTime(options.at ?? new Date())],
    ['initiated_by', options.source],
    ['initiated_from', options.source],
    // The list the event happened in; 0 where it has none (a deal, a tag).
    ['list', text(records.list?.id ?? '0')],
  ]
  if (event.carries.includes('contact')) pairs.push(...contactBlock(records))
  if (event.carries.includes('deal')) pairs.push(...dealBlock(records))
  if (event.carries.includes('task')) pairs.push(...taskBlock(records, type))
  if (event.carries.includes('tag')) pairs.push(['tag', text(records.tag?.tag)])
  if (event.carries.includes('note')) pairs.push(event.carries.includes('deal') ? ['deal[note]', text(records.note?.note)] : ['note', text(records.note?.note)])
  if (event.carries.includes('list')) pairs.push(['list_name', text(records.list?.name)])
  for (const [index, field] of (records.updatedFields ?? []).entries()) pairs.push([`updated_fields[${index}]`, field])
  return pairs
}

export function encodeForm(pairs: Pairs): string {
  return new URLSearchParams(pairs).toString()
}

/** `contact[email]=a&contact[fields][3]=x` → `{contact: {email: 'a', fields: {3: 'x'}}}`, as PHP's `$_POST` reads it. */
export function decodeForm(body: string): Values {
  const result: Values = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const [head, ...rest] = key.split('[')
    const path = [head, ...rest.map((part) => part.replace(/\]$/, ''))]
    let node = result
    for (const [index, part] of path.entries()) {
      if (index === path.length - 1) {
        node[part] = value
        break
      }

      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {}
      node = node[part] as Values
    }
  }

  return result
}
