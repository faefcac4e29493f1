import type {ApiClient} from '../client/client.js'
import {AcError, ExitCode, usageError} from '../errors.js'
import {resolveId} from '../lookup.js'
import {buildPayload, type EventRecords} from './payload.js'
import {postForm, type Posted} from './send.js'

// `ac webhooks trigger EVENT --url URL`: one realistic payload, sent as the account would send
// it. Its records are the ones named (`--contact`, `--deal`, looked up through the profile),
// else sample data; `--data key=value` overrides any field.

type Values = Record<string, unknown>

/** What a payload says when nothing is named: a plausible contact with a deal in a pipeline. */
export function sampleRecords(): EventRecords {
  const contact = {id: '1', email: 'ann@example.com', firstName: 'Ann', lastName: 'Example', phone: '+1 555 0100', orgname: 'Acme Inc'}
  const deal = {id: '1', title: 'Renewal', value: '120000', currency: 'usd', stage: '2', group: '1', owner: '1', contact: '1', status: '0', cdate: '2026-10-06T14:30:00+00:00'}
  return {
    contact,
    contactTags: ['VIP'],
    fieldValues: [],
    deal,
    stage: {id: '2', title: 'Qualified', group: '1'},
    pipeline: {id: '1', title: 'Sales'},
    owner: {id: '1', firstName: 'Sam', lastName: 'Owner'},
    list: {id: '1', name: 'Newsletter'},
    tag: {id: '1', tag: 'VIP'},
    task: {id: '1', title: 'Call Ann', note: 'About the renewal', dealTasktype: '1', duedate: '2026-10-07T10:00:00+00:00', reltype: 'Deal', relid: '1'},
    taskType: {id: '1', title: 'Call'},
    note: {id: '1', note: 'Spoke with Ann about the renewal'},
    updatedFields: ['stage'],
  }
}

async function one(client: ApiClient, path: string, key: string, query?: Record<string, string>): Promise<{record?: Values; body: Values}> {
  const {body} = await client.request<Values>({method: 'GET', path, query})
  return {record: (body?.[key] ?? undefined) as Values | undefined, body: body ?? {}}
}

/** A contact by id or email, with its tag names and field values, as the account's payload shows it. */
async function contactRecords(client: ApiClient, given: string): Promise<EventRecords> {
  const id = await resolveId(client, 'contacts', given)
  const {record, body} = await one(client, `/contacts/${encodeURIComponent(id)}`, 'contact', {include: 'contactTags.tag,fieldValues'})
  const tags = (Array.isArray(body.tags) ? body.tags : []) as Values[]
  const fieldValues = ((Array.isArray(body.fieldValues) ? body.fieldValues : []) as Values[]).map((value) => ({field: value.field, value: value.value}))
  return {contact: record, contactTags: tags.map((tag) => String(tag.tag)), fieldValues}
}

async function dealRecords(client: ApiClient, id: string): Promise<EventRecords> {
  const {record: deal} = await one(client, `/deals/${encodeURIComponent(id)}`, 'deal')
  if (!deal) return {}
  const [stage, pipeline, owner, contact] = await Promise.all([
    deal.stage ? one(client, `/dealStages/${deal.stage}`, 'dealStage') : undefined,
    deal.group ? one(client, `/dealGroups/${deal.group}`, 'dealGroup') : undefined,
    deal.owner ? one(client, `/users/${deal.owner}`, 'user') : undefined,
    deal.contact && String(deal.contact) !== '0' ? contactRecords(client, String(deal.contact)) : undefined,
  ])
  return {...contact, deal, stage: stage?.record, pipeline: pipeline?.record, owner: owner?.record}
}

export interface TriggerOptions {
  event: string
  contact?: string
  deal?: string
  /** `key=value` overrides, by the payload's own keys (`contact[email]=x@example.com`). */
  data: string[]
  source: string
}

/** The payload's fields: the named records over the samples, then the overrides. */
export async function payloadFor(options: TriggerOptions, client?: () => Promise<ApiClient>): Promise<Array<[string, string]>> {
  const overrides = options.data.map((assignment): [string, string] => {
    const at = assignment.indexOf('=')
    if (at <= 0) throw usageError(`--data takes key=value, got "${assignment}"`, 'e.g. --data "contact[email]=ann@example.com"')
    return [assignment.slice(0, at), assignment.slice(at + 1)]
  })
  let records = sampleRecords()
  if (client && options.deal) {
    const named = await dealRecords(await client(), options.deal)
    if (!named.deal) throw new AcError(`No deal ${options.deal}`, {code: 'not_found', exitCode: ExitCode.notFound})
    records = {...records, ...named, fieldValues: named.fieldValues ?? []}
  }

  if (client && options.contact) {
    const named = await contactRecords(await client(), options.contact)
    records = {...records, ...named, deal: records.deal && {...records.deal, contact: named.contact?.id}}
  }

  const pairs = buildPayload(options.event, records, {source: options.source})
  for (const [key, value] of overrides) {
    const at = pairs.findIndex(([name]) => name === key)
    if (at >= 0) pairs[at] = [key, value]
    else pairs.push([key, value])
  }

  return pairs
}

/** One POST to the receiver; one that cannot be reached, or does not answer in time, is exit 1. */
export async function sendPayload(url: string, pairs: Array<[string, string]>, timeoutMs = 10_000): Promise<Posted> {
  const sent = await postForm(url, pairs, {timeoutMs, agent: 'ActiveCampaign-Webhook/1.0 (ac webhooks trigger)'})
  if (sent.error) throw new AcError(`Could not deliver to ${url}: ${sent.error}`, {code: 'network', exitCode: ExitCode.failure, hint: 'Is the receiver running? `ac webhooks listen` is one'})
  return sent
}
