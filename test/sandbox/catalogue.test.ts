// Every operation of the catalogue reaches a handler: sent with its documented example body
// after the records its path names exist, none answers 5xx or "no such route".

import {existsSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import type {Operation} from '../../src/lib/spec/types.js'
import {call, control, useSandbox} from './helpers.js'

const catalogueFile = new URL('../../src/lib/spec/operations.json', import.meta.url)
const operations: Operation[] = existsSync(catalogueFile) ? JSON.parse(readFileSync(catalogueFile, 'utf8')) : []

const sandbox = useSandbox({rateLimit: false})

/** One record of each kind the catalogue's paths name, all with id 1. */
const PARENTS = {
  contacts: [{email: 'walker@example.com'}],
  tags: [{tag: 'walk'}],
  lists: [{name: 'Walk list'}],
  accounts: [{name: 'Walk account'}],
  dealGroups: [{title: 'Walk pipeline'}],
  dealStages: [{title: 'Walk stage', group: 1}, {title: 'Other stage', group: 1}],
  deals: [{title: 'Walk deal', value: 100, currency: 'usd', contact: 1, stage: 1}],
  dealTasktypes: [{title: 'Call'}, {title: 'Email'}],
  dealTasks: [{relid: 1, duedate: '2030-01-01', dealTasktype: 1}],
  dealRoles: [{title: 'Buyer'}],
  dealCustomFieldMeta: [{fieldLabel: 'Size', fieldType: 'text'}],
  dealCustomFieldData: [{dealId: 1, customFieldId: 1, fieldValue: 'L'}],
  accountCustomFieldMeta: [{fieldLabel: 'Size', fieldType: 'text'}],
  accountCustomFieldData: [{customerAccountId: 1, customFieldId: 1, fieldValue: 'L'}],
  accountContacts: [{account: 1, contact: 1}],
  contactDeals: [{contact: 1, deal: 1}],
  contactAutomations: [{contact: 1, automation: 1}],
  contactTags: [{contact: 1, tag: 1}],
  contactLists: [{contact: 1, list: 1, status: 1}],
  fields: [{title: 'Walk field', type: 'text'}],
  fieldValues: [{contact: 1, field: 1, value: 'v'}],
  fieldRels: [{field: 1, relid: 1}],
  notes: [{note: 'Walk note', reltype: 'Deal', relid: 1}],
  messages: [{fromname: 'Me', email: 'me@example.com', reply2: 'me@example.com'}],
  savedResponses: [{title: 'T', subject: 'S', body: 'B'}],
  webhooks: [{name: 'Hook', url: 'https://example.com/hook'}],
  groups: [{title: 'Walk group'}],
  addresses: [{company_name: 'Walk', country: 'US'}],
  calendars: [{title: 'Walk calendar', type: 'All'}],
  connections: [{service: 'shop', externalid: 'walk', name: 'Shop'}],
  ecomCustomers: [{connectionid: 1, externalid: 'c1', email: 'buyer@example.com'}],
  ecomOrders: [{email: 'buyer@example.com', connectionid: 1}],
  ecomOrderProducts: [{orderid: 1, name: 'Thing'}],
  eventTrackingEvents: [{name: 'walk'}],
  siteTrackingDomains: [{name: 'walk'}],
  personalizations: [{name: 'Walk', tag: 'walk'}],
  taskOutcomes: [{title: 'Done'}],
  tasktypeOutcomeRels: [{dealTasktype: 1, taskOutcome: 1}],
  listGroups: [{listid: 1, groupid: 1}],
  forms: [{name: 'Walk form'}],
  automations: [{name: 'Walk automation'}],
  campaigns: [{name: 'Walk campaign'}],
  scores: [{name: 'Walk score'}],
  segments: [{name: 'Walk segment'}],
  brandings: [{groupid: 1}],
  templates: [{name: 'Walk template'}],
}

const METHOD_ORDER: Record<string, number> = {POST: 0, GET: 1, PUT: 2, PATCH: 2, DELETE: 3}

describe('the operation catalogue', () => {
  it('is the whole catalogue, not an empty or cut list', () => {
    expect(operations.length).toBeGreaterThan(250)
  })

  it('is answered, every operation, by a handler that neither fails nor calls it an unknown route', async () => {
    await control(sandbox(), 'POST', '/reset')
    await control(sandbox(), 'POST', '/seed', {users: [{username: 'walker', email: 'walker@example.com'}]})
    for (const [name, rows] of Object.entries(PARENTS)) {
      for (const [index, row] of rows.entries()) {
        // Read-only resources already hold their documented records: a seed may not take their ids.
        const seeded = await control(sandbox(), 'POST', '/seed', {[name]: [{id: String(index + 1), ...row}]})
        const fixture = seeded.status === 400 && /already exists/.test(seeded.text)
        expect(seeded.status === 201 || fixture, `seeding ${name}: ${seeded.text}`).toBe(true)
      }
    }
    const schema = (await call(sandbox(), 'POST', '/customObjects/schemas', {schema: {slug: 'walk', fields: [{id: 'f', type: 'text'}]}})).json.schema
    await call(sandbox(), 'POST', `/customObjects/records/${schema.id}`, {record: {externalId: 'ext-1', fields: []}})
    const values: Record<string, string> = {schemaId: schema.id, externalId: 'ext-1', email: 'admin@sandbox.local', username: 'admin', name: 'walk', fieldId: 'f'}

    const failures: string[] = []
    const ordered = [...operations].sort((a, b) => (METHOD_ORDER[a.method] ?? 1) - (METHOD_ORDER[b.method] ?? 1))
    for (const operation of ordered) {
      let path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? (name.toLowerCase().includes('schem') ? schema.id : '1')))
      if (operation.path.startsWith('/customObjects/schemas/')) path = path.replace('/customObjects/schemas/1', `/customObjects/schemas/${schema.id}`)
      if (operation.path === '/import/info') path += '?batchId=unknown'
      const body = operation.body?.example ?? (operation.method === 'GET' || operation.method === 'DELETE' ? undefined : {})
      const answer = await call(sandbox(), operation.method, path, body)
      const unknownRoute = answer.status === 404 && /for route/.test(answer.text)
      if (answer.status >= 500 || unknownRoute) failures.push(`${operation.method} ${operation.path} → ${answer.status} ${answer.text.slice(0, 120)}`)
    }
    expect(failures).toEqual([])
  })

  it('answers the GETs of a seeded account with 2xx', async () => {
    const failures: string[] = []
    await control(sandbox(), 'POST', '/reset')
    for (const [name, rows] of Object.entries(PARENTS)) {
      await control(sandbox(), 'POST', '/seed', {[name]: rows.map((row, index) => ({id: String(index + 1), ...row}))})
    }
    for (const operation of operations.filter((candidate) => candidate.method === 'GET' && !candidate.path.includes('ustomObjects') && !candidate.path.startsWith('/records'))) {
      const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'email' ? 'admin@sandbox.local' : name === 'username' ? 'admin' : '1'))
      if (operation.path === '/import/info') continue
      const answer = await call(sandbox(), 'GET', path)
      if (answer.status >= 300) failures.push(`GET ${operation.path} → ${answer.status} ${answer.text.slice(0, 120)}`)
    }
    expect(failures).toEqual([])
  })
})
