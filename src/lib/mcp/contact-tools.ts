import {addTags, removeTags, setListStatus} from '../actions/contact-links.js'
import type {ApiClient} from '../client/client.js'
import {unwrap} from '../envelope.js'
import {resolveId} from '../lookup.js'
import type {DataRecord} from '../output/cells.js'
import {listRecords} from '../paging.js'
import {describe} from '../resources/index.js'
import {pageOf} from './answers.js'
import {annotationsFor} from './guard.js'
import {pagingProperties} from './schema.js'
import type {Arguments, Tool} from './tool.js'

// The contact tools people ask for most, over the same helpers as `ac contacts tag`,
// `subscribe` and friends; every contact, tag, list and field may be given by name.

const contact = {type: 'string', description: 'Contact id or email'}
const names = (what: string) => ({type: 'array', items: {type: 'string'}, minItems: 1, description: `${what} ids or names`})
const contactColumns = describe('contacts').columns!

/** Subscription status as the API numbers it (contactLists.status). */
const listStatus: Record<string, string> = {0: 'unconfirmed', 1: 'subscribed', 2: 'unsubscribed', 3: 'bounced'}

async function all(client: ApiClient, path: string, responseKey: string): Promise<DataRecord[]> {
  const records: DataRecord[] = []
  for await (const record of listRecords(client, {path, responseKey, all: true})) records.push(record)
  return records
}

async function recordAt(client: ApiClient, path: string, key: string): Promise<DataRecord | undefined> {
  const {body} = await client.request({method: 'GET', path})
  const answer = unwrap(body, key, path)
  return answer.kind === 'record' ? answer.record : undefined
}

async function contactWithLinks(client: ApiClient, id: string) {
  const [record, tagLinks, listLinks, values, fields] = await Promise.all([
    recordAt(client, `/contacts/${id}`, 'contact'),
    all(client, `/contacts/${id}/contactTags`, 'contactTags'),
    all(client, `/contacts/${id}/contactLists`, 'contactLists'),
    all(client, `/contacts/${id}/fieldValues`, 'fieldValues'),
    all(client, '/fields', 'fields'),
  ])
  const titles = new Map(fields.map((field) => [String(field.id), String(field.title)]))
  const [tags, lists] = await Promise.all([
    Promise.all(tagLinks.map(async (link) => ({id: String(link.tag), tag: (await recordAt(client, `/tags/${link.tag}`, 'tag'))?.tag}))),
    Promise.all(listLinks.map(async (link) => ({id: String(link.list), name: (await recordAt(client, `/lists/${link.list}`, 'list'))?.name, status: listStatus[String(link.status)] ?? String(link.status)}))),
  ])
  const custom = Object.fromEntries(values.map((value) => [titles.get(String(value.field)) ?? `field ${value.field}`, value.value]))
  return {...record, tags, lists, fields: custom}
}

async function target(client: ApiClient, args: Arguments, kind: 'tags' | 'lists') {
  const [contactId, ...ids] = await Promise.all([resolveId(client, 'contacts', String(args.contact)), ...(args[kind] as string[]).map((name) => resolveId(client, kind, name))])
  return {contactId, ids: [...new Set(ids)]}
}

export const contactTools: Tool[] = [
  {
    name: 'find_contacts',
    description: `Find contacts by email, free text, tag or list (tag and list by name or id). Each: ${contactColumns.join(', ')}; get_contact has the rest.`,
    inputSchema: {
      type: 'object',
      properties: {
        email: {type: 'string', description: 'Exact email'},
        search: {type: 'string', description: 'Words in name, email, phone or organization'},
        tag: {type: 'string', description: 'Only contacts with this tag (id or name)'},
        list: {type: 'string', description: 'Only contacts on this list (id or name)'},
        ...pagingProperties,
      },
      additionalProperties: false,
    },
    annotations: annotationsFor('read'),
    access: 'read',
    async run(args, {client}) {
      const named = (resource: string, value: unknown) => (value === undefined ? undefined : resolveId(client, resource, String(value)))
      const [tagid, listid] = await Promise.all([named('tags', args.tag), named('lists', args.list)])
      const query = {email: args.email as string | undefined, search: args.search as string | undefined, tagid, listid}
      return pageOf(client, {path: '/contacts', query, responseKey: 'contacts', limit: args.limit as number, cursor: args.cursor as string}, contactColumns)
    },
  },
  {
    name: 'get_contact',
    description: 'One contact with its tags, list subscriptions and custom field values by field title.',
    inputSchema: {type: 'object', properties: {contact}, required: ['contact'], additionalProperties: false},
    annotations: annotationsFor('read'),
    access: 'read',
    async run(args, {client}) {
      return contactWithLinks(client, await resolveId(client, 'contacts', String(args.contact)))
    },
  },
  {
    name: 'sync_contact',
    description: 'Create a contact, or update the one with this email (only the fields given change). Custom fields by title or id.',
    inputSchema: {
      type: 'object',
      properties: {
        email: {type: 'string', minLength: 3},
        firstName: {type: 'string'},
        lastName: {type: 'string'},
        phone: {type: 'string'},
        fields: {type: 'object', additionalProperties: {type: ['string', 'number']}, description: 'Custom field values: {"Birthday": "1990-01-01"}'},
      },
      required: ['email'],
      additionalProperties: false,
    },
    annotations: annotationsFor('write', {idempotent: true, destructive: true}),
    access: 'write',
    async run(args, {client}) {
      const {fields = {}, ...core} = args as {fields?: Record<string, unknown>}
      const fieldValues = await Promise.all(Object.entries(fields).map(async ([field, value]) => ({field: Number(await resolveId(client, 'fields', field)), value: String(value)})))
      const {body} = await client.request({method: 'POST', path: '/contact/sync', body: {contact: {...core, ...(fieldValues.length ? {fieldValues} : {})}}})
      const answer = unwrap(body, 'contact', '/contact/sync')
      return answer.kind === 'record' ? answer.record : body
    },
  },
  {
    name: 'tag_contact',
    description: 'Put tags on a contact (tags by name or id; a tag already there stays as it is).',
    inputSchema: {type: 'object', properties: {contact, tags: names('Tag')}, required: ['contact', 'tags'], additionalProperties: false},
    annotations: annotationsFor('write', {idempotent: true}),
    access: 'write',
    async run(args, {client}) {
      const {contactId, ids} = await target(client, args, 'tags')
      return {contact: contactId, tagged: await addTags(client, contactId, ids)}
    },
  },
  {
    name: 'untag_contact',
    description: 'Take tags off a contact (tags by name or id). The tags themselves stay.',
    inputSchema: {type: 'object', properties: {contact, tags: names('Tag')}, required: ['contact', 'tags'], additionalProperties: false},
    annotations: annotationsFor('write', {idempotent: true, destructive: true}),
    access: 'write',
    async run(args, {client}) {
      const {contactId, ids} = await target(client, args, 'tags')
      const {absent} = await removeTags(client, contactId, ids)
      return {contact: contactId, removed: ids.filter((id) => !absent.includes(id)), notThere: absent}
    },
  },
  ...(['subscribe', 'unsubscribe'] as const).map(
    (verb): Tool => ({
      name: `${verb}_contact`,
      description: `${verb === 'subscribe' ? 'Subscribe a contact to' : 'Unsubscribe a contact from'} lists (lists by name or id).`,
      inputSchema: {type: 'object', properties: {contact, lists: names('List')}, required: ['contact', 'lists'], additionalProperties: false},
      annotations: annotationsFor('write', {idempotent: true, destructive: verb === 'unsubscribe'}),
      access: 'write',
      async run(args, {client}) {
        const {contactId, ids} = await target(client, args, 'lists')
        return {contact: contactId, lists: await setListStatus(client, contactId, ids, verb === 'subscribe' ? 1 : 2)}
      },
    }),
  ),
]
