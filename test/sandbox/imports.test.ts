// /import/bulk_import: all-or-nothing batches, limits, the import quota, /import/info.

import {setTimeout as sleep} from 'node:timers/promises'
import {beforeEach, describe, expect, it} from 'vitest'

import {call, useSandbox} from './helpers.js'

const sandbox = useSandbox({rateLimit: false})

beforeEach(() => {
  sandbox().configure({rateLimit: false})
  sandbox().reset()
})

describe('bulk import', () => {
  it('imports snake_case contacts with tags by name (created when new) and list subscriptions', async () => {
    await call(sandbox(), 'POST', '/lists', {list: {name: 'News'}})
    const answer = await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [
      {email: 'one@example.com', first_name: 'One', lastName: 'dropped', tags: ['vip', 'new'], subscribe: [{listid: 1}]},
      {email: 'two@example.com', tags: ['VIP']},
    ]})
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({success: 1, queued_contacts: 2})
    expect(answer.json.batchId).toMatch(/^[0-9a-f-]{36}$/)
    const contact = (await call(sandbox(), 'GET', '/contacts?email=one@example.com')).json.contacts[0]
    expect([contact.firstName, contact.lastName]).toEqual(['One', ''])
    expect((await call(sandbox(), 'GET', '/tags')).json.meta.total).toBe('2')
    expect((await call(sandbox(), 'GET', '/contacts?tagid=1')).json.meta.total).toBe('2')
    expect((await call(sandbox(), 'GET', '/contacts?listid=1')).json.meta.total).toBe('1')
  })

  it('rejects the whole batch when one contact is invalid, naming it by 1-based index', async () => {
    const answer = await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [{email: 'ok@example.com'}, {email: 'broken'}, {first_name: 'No email'}]})
    expect(answer.status).toBe(400)
    expect(answer.json.success).toBe(0)
    expect(answer.json.failureReasons.map((reason: {contact: number}) => reason.contact)).toEqual([2, 3])
    expect((await call(sandbox(), 'GET', '/contacts')).json.meta.total).toBe('0')
  })

  it('refuses more than 250 contacts and bodies of 400 KB or more', async () => {
    const many = Array.from({length: 251}, (_, index) => ({email: `c${index}@example.com`}))
    expect((await call(sandbox(), 'POST', '/import/bulk_import', {contacts: many})).status).toBe(400)
    const heavy = Array.from({length: 200}, (_, index) => ({email: `h${index}@example.com`, first_name: 'x'.repeat(2100)}))
    expect((await call(sandbox(), 'POST', '/import/bulk_import', {contacts: heavy})).status).toBe(400)
  })

  it('reports the batch on /import/info: status false on an immediate first poll, then completed', async () => {
    const {batchId} = (await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [{email: 'a@example.com'}, {email: 'b@example.com'}]})).json
    expect((await call(sandbox(), 'GET', `/import/info?batchId=${batchId}`)).json).toEqual({status: false})
    await sleep(260)
    expect((await call(sandbox(), 'GET', `/import/info?batchId=${batchId}`)).json).toEqual({status: 'completed', success: ['1', '2'], failure: []})
    expect((await call(sandbox(), 'GET', '/import/info')).status).toBe(400)
  })

  it('has its own quota of 100 requests a minute while rate limiting is on', async () => {
    sandbox().configure({rateLimit: 1000})
    const batch = {contacts: [{email: 'q1@example.com'}, {email: 'q2@example.com'}]}
    const answers = await Promise.all(Array.from({length: 101}, () => call(sandbox(), 'POST', '/import/bulk_import', batch)))
    const refused = answers.filter((answer) => answer.status === 400)
    expect(refused).toHaveLength(1)
    expect(refused[0].json).toEqual({success: 0, message: 'Rate limit exceeded.', failureReasons: []})
  })
})
