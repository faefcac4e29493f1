// /import/bulk_import: all-or-nothing batches, limits, the import quota, /import/info.

import {setTimeout as sleep} from 'node:timers/promises'
import {beforeEach, describe, expect, it, vi} from 'vitest'

import {call, control, useSandbox} from './helpers.js'

const sandbox = useSandbox({rateLimit: false})

beforeEach(() => {
  sandbox().configure({rateLimit: false, importDelayMs: 0, importQuota: 100})
  sandbox().reset()
})

const total = async (path: string) => (await call(sandbox(), 'GET', path)).json.meta.total
const info = async (batchId: string) => (await call(sandbox(), 'GET', `/import/info?batchId=${batchId}`)).json

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
    expect(await total('/tags')).toBe('2')
    expect(await total('/contacts?tagid=1')).toBe('2')
    expect(await total('/contacts?listid=1')).toBe('1')
  })

  it('rejects the whole batch when one contact is invalid, naming it by 1-based index', async () => {
    const answer = await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [{email: 'ok@example.com'}, {email: 'broken'}, {first_name: 'No email'}]})
    expect(answer.status).toBe(400)
    expect(answer.json.success).toBe(0)
    expect(answer.json.failureReasons.map((reason: {contact: number}) => reason.contact)).toEqual([2, 3])
    expect(await total('/contacts')).toBe('0')
  })

  it('rejects the whole batch, writing nothing, for an empty tag name, a field value without a field id, or a list or field that does not exist', async () => {
    await call(sandbox(), 'POST', '/lists', {list: {name: 'News'}})
    await call(sandbox(), 'POST', '/fields', {field: {title: 'Colour', type: 'text'}})
    const good = {email: 'good@example.com', tags: ['kept-out'], subscribe: [{listid: 1}], fields: [{id: 1, value: 'x'}]}
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{email: 'tag@example.com', tags: ['fine', '']}, /tag/i],
      [{email: 'tag2@example.com', tags: ['  ']}, /tag/i],
      [{email: 'field@example.com', fields: [{value: 'no id'}]}, /field/i],
      [{email: 'nofield@example.com', fields: [{id: 99, value: 'x'}]}, /field with id 99/i],
      [{email: 'list@example.com', subscribe: [{listid: 99}]}, /list/i],
      [{email: 'unlist@example.com', unsubscribe: [{listid: 42}]}, /list/i],
    ]
    for (const [bad, reason] of cases) {
      const answer = await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [good, bad]})
      expect(answer.status, JSON.stringify(bad)).toBe(400)
      expect(answer.json).toMatchObject({success: 0, message: expect.stringMatching(/did not pass validation/)})
      expect(answer.json.failureReasons).toHaveLength(1)
      expect(answer.json.failureReasons[0]).toMatchObject({contact: 2, failureReason: expect.stringMatching(reason), reason: expect.stringMatching(reason)})
    }
    expect(await total('/contacts')).toBe('0')
    expect(await total('/tags')).toBe('0')
    expect(await total('/contactLists')).toBe('0')
    expect(await total('/fieldValues')).toBe('0')
  })

  it('refuses more than 250 contacts and bodies of 400 KB or more', async () => {
    const many = Array.from({length: 251}, (_, index) => ({email: `c${index}@example.com`}))
    expect((await call(sandbox(), 'POST', '/import/bulk_import', {contacts: many})).status).toBe(400)
    const heavy = Array.from({length: 200}, (_, index) => ({email: `h${index}@example.com`, first_name: 'x'.repeat(2100)}))
    expect((await call(sandbox(), 'POST', '/import/bulk_import', {contacts: heavy})).status).toBe(400)
  })

  it('measures the 400 KB on the bytes received, not on the JSON re-serialized', async () => {
    const send = (text: string) => fetch(`${sandbox().url}/import/bulk_import`, {
      method: 'POST', headers: {'Api-Token': sandbox().token, 'Content-Type': 'application/json'}, body: text,
    })
    const compact = JSON.stringify({contacts: [{email: 'padded@example.com'}]})
    // Pretty-printing the same batch past 400 KB (re-serialized it is 50 bytes).
    const padded = compact.replace('{"contacts"', `{${' '.repeat(400 * 1024)}"contacts"`)
    const refused = await send(padded)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({success: 0, message: expect.stringMatching(/400 KB/)})
    // Escapes count as sent: 70,000 `\u0041` are 420,000 bytes for 70,000 characters.
    expect((await send(JSON.stringify({contacts: [{email: 'esc@example.com', first_name: 'X'}]}).replace('"X"', `"${'\\u0041'.repeat(70_000)}"`))).status).toBe(400)
    expect(await total('/contacts')).toBe('0')
    expect((await send(compact)).status).toBe(200)
  })

  it('steps a batch through waiting, active and completed by its age, writing the contacts only at completion', async () => {
    // 5 s: `waiting` for the first 1875 ms, `active` until 5000 ms. Each check below sits
    // seconds away from a boundary, so a slow machine does not change the answer.
    sandbox().configure({importDelayMs: 5000})
    const {batchId} = (await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [{email: 'a@example.com'}, {email: 'b@example.com'}]})).json
    const queuedAt = Date.now()
    const early = await info(batchId)
    expect([false, 'waiting']).toContain(early.status)
    await sleep(100)
    expect(await info(batchId)).toEqual({status: 'waiting', success: [], failure: []})
    expect(await total('/contacts')).toBe('0')
    await sleep(Math.max(0, 3400 - (Date.now() - queuedAt)))
    expect(await info(batchId)).toEqual({status: 'active', success: [], failure: []})
    expect(await total('/contacts')).toBe('0')
    await sleep(Math.max(0, 5050 - (Date.now() - queuedAt)))
    // Written when due, whoever asks first.
    expect(await total('/contacts')).toBe('2')
    expect(await info(batchId)).toEqual({status: 'completed', success: ['1', '2'], failure: []})
    expect((await call(sandbox(), 'GET', '/import/info')).status).toBe(400)
  })

  it('answers `status: false` only to a first poll right after queueing, and completes at once with importDelayMs 0', async () => {
    sandbox().configure({importDelayMs: 5000})
    // The sandbox runs in this process: with the clock stopped, the first poll comes 0 ms
    // after queueing, whatever the machine's speed.
    vi.useFakeTimers({toFake: ['Date'], now: Date.now()})
    try {
      const slow = (await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [{email: 'slow@example.com'}]})).json.batchId
      expect((await info(slow)).status).toBe(false)
      expect((await info(slow)).status).toBe('waiting')
    } finally {
      vi.useRealTimers()
    }

    sandbox().configure({importDelayMs: 0})
    const fast = (await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [{email: 'fast@example.com'}]})).json.batchId
    expect(await total('/contacts?email=fast@example.com')).toBe('1')
    expect(await info(fast)).toEqual({status: 'completed', success: [expect.any(String)], failure: []})
    expect((await control(sandbox(), 'GET', '/config')).json).toMatchObject({importDelayMs: 0})
    expect((await control(sandbox(), 'POST', '/config', {importDelayMs: 300})).json).toMatchObject({importDelayMs: 300})
    expect((await control(sandbox(), 'POST', '/config', {importDelayMs: -1})).status).toBe(400)
  })

  it('has its own quota of 100 requests a minute even with rate limiting off, answered as the OpenAPI example', async () => {
    const batch = {contacts: [{email: 'q1@example.com'}, {email: 'q2@example.com'}]}
    const answers = await Promise.all(Array.from({length: 101}, () => call(sandbox(), 'POST', '/import/bulk_import', batch)))
    const refused = answers.filter((answer) => answer.status === 400)
    expect(refused).toHaveLength(1)
    expect(refused[0].json).toEqual({success: 0, message: 'Rate limit exceeded.', failureReasons: [
      'Up to 100 imports may be requested per minute.Please batch contacts into larger requests, or retry this request in a minute.',
    ]})
  })

  it('does not count refused requests, limits single-contact imports to 20, and is configurable', async () => {
    expect((await control(sandbox(), 'POST', '/config', {importQuota: 2})).json).toMatchObject({importQuota: 2})
    const batch = {contacts: [{email: 'q1@example.com'}, {email: 'q2@example.com'}]}
    expect((await call(sandbox(), 'POST', '/import/bulk_import', {contacts: [{email: 'broken'}, {email: 'x@example.com'}]})).status).toBe(400)
    expect((await call(sandbox(), 'POST', '/import/bulk_import', batch)).status).toBe(200)
    expect((await call(sandbox(), 'POST', '/import/bulk_import', batch)).status).toBe(200)
    const over = await call(sandbox(), 'POST', '/import/bulk_import', batch)
    expect([over.status, over.json.message]).toEqual([400, 'Rate limit exceeded.'])
    expect(over.json.failureReasons[0]).toMatch(/^Up to 2 imports may be requested per minute/)
    // Refused by the quota, not counted either: still refused, never more than 2 in the window.
    expect((await call(sandbox(), 'POST', '/import/bulk_import', batch)).status).toBe(400)

    await control(sandbox(), 'POST', '/config', {importQuota: 100})
    const single = {contacts: [{email: 'one@example.com'}]}
    for (let index = 0; index < 20; index++) expect((await call(sandbox(), 'POST', '/import/bulk_import', single)).status).toBe(200)
    const singleOver = await call(sandbox(), 'POST', '/import/bulk_import', single)
    expect(singleOver.status).toBe(400)
    expect(singleOver.json.failureReasons[0]).toMatch(/^Up to 20 single-contact imports may be requested per minute/)
    expect((await call(sandbox(), 'POST', '/import/bulk_import', batch)).status).toBe(200)

    await control(sandbox(), 'POST', '/config', {importQuota: false})
    expect((await call(sandbox(), 'POST', '/import/bulk_import', single)).status).toBe(200)
    expect((await control(sandbox(), 'POST', '/config', {importQuota: 1.5})).status).toBe(400)
  })
})
