// Envelopes, string ids, paging, 404/422 bodies and the API's own semantics.

import {beforeEach, describe, expect, it} from 'vitest'

import {call, control, useSandbox} from './helpers.js'

const sandbox = useSandbox({rateLimit: false})

beforeEach(() => sandbox().reset())

const createContact = async (email: string, extra: Record<string, unknown> = {}) =>
  (await call(sandbox(), 'POST', '/contacts', {contact: {email, ...extra}})).json.contact

describe('envelopes and ids', () => {
  it('creates a contact with 201, string ids, absolute links and API timestamps', async () => {
    const answer = await call(sandbox(), 'POST', '/contacts', {contact: {email: 'jane@example.com', firstName: 'Jane', orgid: 7}})
    expect(answer.status).toBe(201)
    const contact = answer.json.contact
    expect(contact).toMatchObject({id: '1', email: 'jane@example.com', firstName: 'Jane', lastName: '', orgid: '7', deleted: '0'})
    expect(contact.cdate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/)
    expect(contact.links.contactTags).toBe(`${sandbox().url}/contacts/1/contactTags`)
    expect((await call(sandbox(), 'GET', '/contacts/1')).json.contact.id).toBe('1')
  })

  it('lists with meta.total as a string, limit 20 by default, at most 100, and offset', async () => {
    await control(sandbox(), 'POST', '/seed', {tags: Array.from({length: 130}, (_, index) => ({tag: `tag ${index + 1}`}))})
    const firstPage = (await call(sandbox(), 'GET', '/tags')).json
    expect(firstPage.meta.total).toBe('130')
    expect(firstPage.tags).toHaveLength(20)
    expect((await call(sandbox(), 'GET', '/tags?limit=500')).json.tags).toHaveLength(100)
    const last = (await call(sandbox(), 'GET', '/tags?limit=100&offset=100')).json.tags
    expect(last.map((tag: {id: string}) => tag.id)).toEqual(Array.from({length: 30}, (_, index) => String(index + 101)))
  })

  it('filters, searches, orders and picks ids', async () => {
    await control(sandbox(), 'POST', '/seed', {tags: [{tag: 'Alpha'}, {tag: 'beta', tagType: 'template'}, {tag: 'Gamma'}]})
    expect((await call(sandbox(), 'GET', '/tags?search=amm')).json.tags.map((tag: {tag: string}) => tag.tag)).toEqual(['Gamma'])
    expect((await call(sandbox(), 'GET', '/tags?filters[tagType]=template')).json.tags.map((tag: {id: string}) => tag.id)).toEqual(['2'])
    expect((await call(sandbox(), 'GET', '/tags?orders[tag]=DESC')).json.tags.map((tag: {tag: string}) => tag.tag)).toEqual(['Gamma', 'beta', 'Alpha'])
    expect((await call(sandbox(), 'GET', '/tags?ids=1,3')).json.meta.total).toBe('2')
  })

  it('updates only the given fields and deletes with 200 {}', async () => {
    await createContact('keep@example.com', {firstName: 'Keep', lastName: 'Me'})
    const updated = await call(sandbox(), 'PUT', '/contacts/1', {contact: {lastName: 'Changed'}})
    expect(updated.status).toBe(200)
    expect(updated.json.contact).toMatchObject({firstName: 'Keep', lastName: 'Changed', email: 'keep@example.com'})
    const deleted = await call(sandbox(), 'DELETE', '/contacts/1')
    expect([deleted.status, deleted.json]).toEqual([200, {}])
  })
})

describe('errors', () => {
  it('answers a missing record with the model name the API leaks', async () => {
    expect((await call(sandbox(), 'GET', '/contacts/12')).json).toEqual({message: 'No Result found for Subscriber with id 12'})
    expect((await call(sandbox(), 'GET', '/tags/3')).json).toEqual({message: 'No Result found for Tag with id 3'})
    expect((await call(sandbox(), 'DELETE', '/contactTags/4')).json).toEqual({message: 'No Result found for SubscriberTag with id 4'})
    const list = await call(sandbox(), 'GET', '/lists/5')
    expect([list.status, list.json]).toEqual([404, {message: 'No Result found for _List with id 5'}])
  })

  it('rejects invalid and duplicate emails with 422 error entries', async () => {
    const invalid = await call(sandbox(), 'POST', '/contacts', {contact: {email: 'nope'}})
    expect(invalid.status).toBe(422)
    expect(invalid.json.errors[0]).toMatchObject({code: 'email_invalid', source: {pointer: '/data/attributes/email'}})
    await createContact('taken@example.com')
    const duplicate = await call(sandbox(), 'POST', '/contacts', {contact: {email: 'TAKEN@example.com'}})
    expect(duplicate.json).toEqual({errors: [{
      title: 'Email address already exists in the system', detail: '', code: 'duplicate', source: {pointer: '/data/attributes/email'},
    }]})
  })

  it('requires a tag name and keeps tag names unique per tagType, case-insensitively', async () => {
    expect((await call(sandbox(), 'POST', '/tags', {tag: {description: 'x'}})).json.errors[0].code).toBe('field_missing')
    expect((await call(sandbox(), 'POST', '/tags', {tag: {tag: 'VIP'}})).status).toBe(201)
    expect((await call(sandbox(), 'POST', '/tags', {tag: {tag: 'vip'}})).json.errors[0].code).toBe('duplicate')
    expect((await call(sandbox(), 'POST', '/tags', {tag: {tag: 'vip', tagType: 'template'}})).status).toBe(201)
  })

  it('derives a list stringid and answers a malformed body 400', async () => {
    expect((await call(sandbox(), 'POST', '/lists', {list: {name: 'Weekly News!'}})).json.list.stringid).toBe('weekly-news')
    const response = await fetch(`${sandbox().url}/tags`, {method: 'POST', headers: {'Api-Token': sandbox().token}, body: '{oops'})
    expect(response.status).toBe(400)
  })
})

describe('contact semantics', () => {
  it('upserts by email on /contact/sync: 201 new, 200 existing, omitted fields kept', async () => {
    const created = await call(sandbox(), 'POST', '/contact/sync', {contact: {email: 'sync@example.com', firstName: 'Sy', phone: '123'}})
    expect([created.status, created.json.contact.id]).toEqual([201, '1'])
    const updated = await call(sandbox(), 'POST', '/contact/sync', {contact: {email: 'SYNC@example.com', lastName: 'Nc'}})
    expect(updated.status).toBe(200)
    expect(updated.json.contact).toMatchObject({id: '1', firstName: 'Sy', lastName: 'Nc', phone: '123'})
  })

  it('tags idempotently, lists a contact\'s tags, filters contacts by tag, and untags by link id', async () => {
    await createContact('tagged@example.com')
    await createContact('other@example.com')
    await call(sandbox(), 'POST', '/tags', {tag: {tag: 'VIP'}})
    const first = await call(sandbox(), 'POST', '/contactTags', {contactTag: {contact: 1, tag: 1}})
    const again = await call(sandbox(), 'POST', '/contactTags', {contactTag: {contact: '1', tag: '1'}})
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.json.contactTag).toMatchObject({id: first.json.contactTag.id, contact: '1', tag: '1'})
    expect((await call(sandbox(), 'GET', '/contacts/1/contactTags')).json.contactTags).toHaveLength(1)
    expect((await call(sandbox(), 'GET', '/contacts?tagid=1')).json.contacts.map((c: {email: string}) => c.email)).toEqual(['tagged@example.com'])
    expect((await call(sandbox(), 'POST', '/contactTags', {contactTag: {contact: 99, tag: 1}})).status).toBe(404)
    expect((await call(sandbox(), 'DELETE', `/contactTags/${first.json.contactTag.id}`)).status).toBe(200)
    expect((await call(sandbox(), 'GET', '/contacts/1/contactTags')).json.contactTags).toEqual([])
  })

  it('subscribes with status 1, unsubscribes with 2, refuses 4 and above', async () => {
    await createContact('member@example.com')
    await call(sandbox(), 'POST', '/lists', {list: {name: 'News'}})
    const subscribed = await call(sandbox(), 'POST', '/contactLists', {contactList: {list: 1, contact: 1, status: 1}})
    expect(subscribed.json.contactList).toMatchObject({list: '1', contact: '1', status: '1'})
    expect(subscribed.json.contacts[0].id).toBe('1')
    const unsubscribed = await call(sandbox(), 'POST', '/contactLists', {contactList: {list: 1, contact: 1, status: 2}})
    expect(unsubscribed.json.contactList).toMatchObject({id: subscribed.json.contactList.id, status: '2'})
    expect((await call(sandbox(), 'POST', '/contactLists', {contactList: {list: 1, contact: 1, status: 4}})).status).toBe(422)
    expect((await call(sandbox(), 'GET', '/contacts?listid=1&status=2')).json.meta.total).toBe('1')
  })

  it('finds contacts by email and search, and pages through 5,000 with id_greater', async () => {
    const contacts = Array.from({length: 5000}, (_, index) => ({email: `person${index + 1}@example.com`, firstName: `P${index + 1}`}))
    expect((await control(sandbox(), 'POST', '/seed', {contacts})).json.contacts).toHaveLength(5000)
    expect((await call(sandbox(), 'GET', '/contacts?email=PERSON77@example.com')).json.contacts[0].id).toBe('77')
    expect((await call(sandbox(), 'GET', '/contacts?search=person4999')).json.meta.total).toBe('1')
    const seen: string[] = []
    let last = '0'
    for (;;) {
      const page = (await call(sandbox(), 'GET', `/contacts?limit=100&orders[id]=ASC&id_greater=${last}`)).json.contacts
      seen.push(...page.map((contact: {id: string}) => contact.id))
      if (page.length < 100) break
      last = page.at(-1).id
    }
    expect(seen).toHaveLength(5000)
    expect(new Set(seen).size).toBe(5000)
  })
})

describe('other resources', () => {
  it('answers deals with a numeric total and per-currency sums, and moves a stage\'s deals', async () => {
    await createContact('buyer@example.com')
    await call(sandbox(), 'POST', '/dealGroups', {dealGroup: {title: 'Sales', currency: 'usd'}})
    await call(sandbox(), 'POST', '/dealStages', {dealStage: {title: 'New', group: 1}})
    await call(sandbox(), 'POST', '/dealStages', {dealStage: {title: 'Won', group: 1}})
    for (const value of [100, 250]) {
      const deal = await call(sandbox(), 'POST', '/deals', {deal: {title: 'D', value, currency: 'USD', contact: 1, stage: 1}})
      expect(deal.status).toBe(201)
      expect(deal.json.deal).toMatchObject({value: String(value), currency: 'USD', group: '1'})
    }
    const list = (await call(sandbox(), 'GET', '/deals')).json
    expect(list.meta).toEqual({total: 2, currencies: {USD: {currency: 'USD', total: '2', value: '350'}}})
    const moved = await call(sandbox(), 'PUT', '/dealStages/1/deals', {deal: {stage: 2}})
    expect(moved.json.deals.map((deal: {stage: string}) => deal.stage)).toEqual(['2', '2'])
    expect((await call(sandbox(), 'POST', '/deals', {deal: {title: 'x', value: 1, currency: 'usd'}})).status).toBe(422)
    const bulk = await call(sandbox(), 'PATCH', '/deals/bulkUpdate', {deals: [{id: 1, ownerId: 2}, {id: 2, ownerId: 1}, {id: 9, ownerId: 1}]})
    expect(bulk.json).toEqual({success: ['1'], nochange: ['2'], failed: ['9']})
  })

  it('bulk deletes accounts by ids[]', async () => {
    await control(sandbox(), 'POST', '/seed', {accounts: [{name: 'A'}, {name: 'B'}, {name: 'C'}]})
    const answer = await call(sandbox(), 'DELETE', '/accounts/bulk_delete?ids[]=1&ids[]=2')
    expect(answer.json).toEqual({meta: {success: true}})
    expect((await call(sandbox(), 'GET', '/accounts')).json.accounts.map((account: {id: string}) => account.id)).toEqual(['3'])
  })

  it('keeps custom-object schemas and records: UUIDs, numeric totals, upsert by externalId, 202 delete', async () => {
    const schema = (await call(sandbox(), 'POST', '/customObjects/schemas', {schema: {slug: 'car', labels: {singular: 'Car', plural: 'Cars'}, fields: [{id: 'model', type: 'text'}]}})).json.schema
    expect(schema.id).toMatch(/^[0-9a-f-]{36}$/)
    const base = `/customObjects/records/${schema.id}`
    const created = await call(sandbox(), 'POST', base, {record: {externalId: 'car-1', fields: [{id: 'model', value: 'T'}], relationships: {'primary-contact': [14]}}})
    expect(created.status).toBe(201)
    expect(created.json.record.relationships).toEqual({'primary-contact': ['14']})
    const upserted = await call(sandbox(), 'POST', base, {record: {externalId: 'car-1', fields: [{id: 'model', value: 'S'}]}})
    expect([upserted.status, upserted.json.record.id]).toEqual([200, created.json.record.id])
    const list = (await call(sandbox(), 'GET', base)).json
    expect(list.meta.total).toBe(1)
    expect(list.records[0].fields).toEqual([{id: 'model', value: 'S'}])
    const deleted = await call(sandbox(), 'DELETE', `${base}/${created.json.record.id}`)
    expect([deleted.status, deleted.text]).toEqual([202, ''])
    expect((await call(sandbox(), 'GET', '/customObjects/schemas')).json.meta.total).toBe(1)
  })

  it('finds users by email and username, and lists webhook events', async () => {
    expect((await call(sandbox(), 'GET', '/users/email/admin@sandbox.local')).json.user.id).toBe('1')
    expect((await call(sandbox(), 'GET', '/users/username/admin')).json.user.id).toBe('1')
    expect((await call(sandbox(), 'GET', '/users/username/ghost')).status).toBe(404)
    expect((await call(sandbox(), 'GET', '/webhook/events')).json.webhookEvents).toContain('subscribe')
    expect((await call(sandbox(), 'GET', '/settings/account')).status).toBe(200)
  })

  it('sideloads children with include=', async () => {
    await createContact('inc@example.com')
    await call(sandbox(), 'POST', '/tags', {tag: {tag: 'Inc'}})
    await call(sandbox(), 'POST', '/contactTags', {contactTag: {contact: 1, tag: 1}})
    const answer = (await call(sandbox(), 'GET', '/contacts/1?include=contactTags.tag')).json
    expect(answer.contactTags).toHaveLength(1)
    expect(answer.tags[0].tag).toBe('Inc')
  })
})

describe('review fixes', () => {
  it('picks ids from ids[] and from repeated ids, every value, comma-split', async () => {
    await control(sandbox(), 'POST', '/seed', {contacts: [1, 2, 3, 4].map((n) => ({email: `id${n}@example.com`}))})
    const ids = async (query: string) => (await call(sandbox(), 'GET', `/contacts?${query}`)).json.contacts.map((contact: {id: string}) => contact.id)
    expect(await ids('ids[]=2')).toEqual(['2'])
    expect(await ids('ids[]=2&ids[]=4')).toEqual(['2', '4'])
    expect(await ids('ids=1&ids=2')).toEqual(['1', '2'])
    expect(await ids('ids=1,3&ids[]=4')).toEqual(['1', '3', '4'])
    expect(await ids('ids=3')).toEqual(['3'])
  })

  it('matches contacts whose phone starts with the phone filter, and searches orgname too', async () => {
    await createContact('p1@example.com', {phone: '1234567', orgname: 'Acme Widgets'})
    await createContact('p2@example.com', {phone: '5551234'})
    await createContact('p3@example.com', {phone: '12'})
    const emails = async (query: string) => (await call(sandbox(), 'GET', `/contacts?${query}`)).json.contacts.map((contact: {email: string}) => contact.email)
    expect(await emails('phone=12')).toEqual(['p1@example.com', 'p3@example.com'])
    expect(await emails('phone=555')).toEqual(['p2@example.com'])
    expect(await emails('search=widgets')).toEqual(['p1@example.com'])
  })

  it('requires status on POST /contactLists even for a pair that exists', async () => {
    await createContact('member@example.com')
    await call(sandbox(), 'POST', '/lists', {list: {name: 'News'}})
    expect((await call(sandbox(), 'POST', '/contactLists', {contactList: {list: 1, contact: 1, status: 1}})).status).toBe(200)
    const again = await call(sandbox(), 'POST', '/contactLists', {contactList: {list: 1, contact: 1}})
    expect(again.status).toBe(422)
    expect(again.json.errors[0]).toMatchObject({code: 'field_missing', source: {pointer: '/data/attributes/status'}})
    expect((await call(sandbox(), 'GET', '/contactLists/1')).json.contactList.status).toBe('1')
  })

  it('refuses seeds whose id exists already or repeats, and non-numeric ids for classic collections, writing nothing', async () => {
    expect((await control(sandbox(), 'POST', '/seed', {tags: [{id: 5, tag: 'five'}]})).status).toBe(201)
    const taken = await control(sandbox(), 'POST', '/seed', {contacts: [{email: 'first@example.com'}], tags: [{id: '5', tag: 'again'}]})
    expect(taken.status).toBe(400)
    expect(taken.json.message).toMatch(/id 5 already exists/)
    expect((await call(sandbox(), 'GET', '/contacts')).json.meta.total).toBe('0')
    expect((await call(sandbox(), 'GET', '/tags/5')).json.tag.tag).toBe('five')
    for (const id of ['abc', '1.5', '-3', '0', '']) {
      expect((await control(sandbox(), 'POST', '/seed', {tags: [{id, tag: `bad ${id}`}]})).status, id).toBe(400)
    }
    expect((await control(sandbox(), 'POST', '/seed', {tags: [{id: 7, tag: 'a'}, {id: 7, tag: 'b'}]})).status).toBe(400)
    expect((await control(sandbox(), 'POST', '/seed', {users: [{id: 1, username: 'other', email: 'other@example.com'}]})).status).toBe(400)
    expect((await call(sandbox(), 'GET', '/tags')).json.meta.total).toBe('1')
  })

  it('keys deal currencies upper-case in meta, whatever case the deals were created with', async () => {
    await createContact('buyer@example.com')
    for (const currency of ['usd', 'USD', 'Eur']) {
      await call(sandbox(), 'POST', '/deals', {deal: {title: 'D', value: 1000, currency, contact: 1}})
    }
    const list = (await call(sandbox(), 'GET', '/deals')).json
    expect(list.deals.map((deal: {currency: string}) => deal.currency)).toEqual(['usd', 'USD', 'Eur'])
    expect(list.meta).toEqual({total: 3, currencies: {
      USD: {currency: 'USD', total: '2', value: '2000'}, EUR: {currency: 'EUR', total: '1', value: '1000'},
    }})
  })

  it('answers GET /contacts/{id} with the example\'s siblings and id arrays, and GET /contacts meta with page_input', async () => {
    await createContact('full@example.com')
    await call(sandbox(), 'POST', '/lists', {list: {name: 'News'}})
    await call(sandbox(), 'POST', '/contactLists', {contactList: {list: 1, contact: 1, status: 1}})
    await call(sandbox(), 'POST', '/deals', {deal: {title: 'D', value: 1, currency: 'usd', contact: 1}})
    const one = (await call(sandbox(), 'GET', '/contacts/1')).json
    expect(Object.keys(one)).toEqual(['contactAutomations', 'contactLists', 'deals', 'fieldValues', 'geoAddresses', 'geoIps', 'contact'])
    expect([one.geoAddresses, one.geoIps, one.contactLists.length, one.deals.length]).toEqual([[], [], 1, 1])
    expect(one.contact).toMatchObject({
      id: '1', contactAutomations: [], contactLists: ['1'], fieldValues: [], geoIps: [], deals: ['1'], accountContacts: [],
    })
    const list = (await call(sandbox(), 'GET', '/contacts?listid=1&limit=5&search=full')).json
    expect(list.meta).toEqual({total: '1', page_input: {
      segmentid: 0, formid: 0, listid: 1, tagid: 0, limit: 5, offset: 0, search: 'full', sort: null, seriesid: 0, waitid: 0,
      status: -1, forceQuery: 0, cacheid: expect.stringMatching(/^[0-9a-f]{32}$/),
    }})
    expect(list.contacts[0].contactLists).toBeUndefined()
  })

  it('refuses a contactAutomation for an automation that does not exist, and deletes a deal\'s notes with it', async () => {
    await createContact('auto@example.com')
    const missing = await call(sandbox(), 'POST', '/contactAutomations', {contactAutomation: {contact: 1, automation: 999}})
    expect(missing.status).toBe(422)
    expect(missing.json.errors[0]).toMatchObject({code: 'related_missing', source: {pointer: '/data/attributes/automation'}})
    const automation = (await call(sandbox(), 'GET', '/automations')).json.automations[0].id
    expect((await call(sandbox(), 'POST', '/contactAutomations', {contactAutomation: {contact: 1, automation}})).status).toBe(201)

    await call(sandbox(), 'POST', '/deals', {deal: {title: 'D', value: 1, currency: 'usd', contact: 1}})
    await call(sandbox(), 'POST', '/deals', {deal: {title: 'E', value: 1, currency: 'usd', contact: 1}})
    await call(sandbox(), 'POST', '/deals/1/notes', {note: {note: 'on deal 1'}})
    await call(sandbox(), 'POST', '/deals/2/notes', {note: {note: 'on deal 2'}})
    await call(sandbox(), 'POST', '/contacts/1/notes', {note: {note: 'on contact 1'}})
    expect((await call(sandbox(), 'DELETE', '/deals/1')).status).toBe(200)
    const notes = (await call(sandbox(), 'GET', '/notes')).json.notes.map((note: {note: string}) => note.note)
    expect(notes).toEqual(['on deal 2', 'on contact 1'])
  })

  it('answers custom-object errors in their own shapes: duplicate slug, undefined fields, 404, empty DELETE', async () => {
    const created = await call(sandbox(), 'POST', '/customObjects/schemas', {schema: {slug: 'car', fields: [{id: 'model', type: 'text'}]}})
    expect(created.status).toBe(201)
    const duplicate = await call(sandbox(), 'POST', '/customObjects/schemas', {schema: {slug: 'car'}})
    expect(duplicate.status).toBe(422)
    expect(duplicate.json).toEqual({errors: [{
      title: 'Invalid value for field "schema.slug"', detail: 'Schema slug must be unique',
      source: {type: 'pointer', value: '/data/attributes/schema/slug'},
    }]})

    const base = `/customObjects/records/${created.json.schema.id}`
    const unknown = await call(sandbox(), 'POST', base, {record: {externalId: 'c1', fields: [{id: 'model', value: 'T'}, {id: 'colour', value: 'red'}]}})
    expect(unknown.status).toBe(422)
    expect(unknown.json).toEqual({errors: [{
      title: 'Invalid value for field "colour"', detail: 'colour cannot accept a value that is not defined in the schema.',
      source: {type: 'pointer', value: '/data/attributes/colour'},
    }]})
    expect((await call(sandbox(), 'GET', base)).json.meta.total).toBe(0)
    expect((await call(sandbox(), 'POST', base, {record: {externalId: 'c1', fields: [{id: 'model', value: 'T'}]}})).status).toBe(201)
    expect((await call(sandbox(), 'POST', base, {record: {externalId: 'c1', fields: [{id: 'wheels', value: 4}]}})).status).toBe(422)

    const notFound = {message: 'Not Found'}
    const ghost = '00000000-0000-4000-8000-000000000000'
    for (const path of [`/customObjects/schemas/${ghost}`, `/customObjects/records/${ghost}`, `${base}/${ghost}`, `${base}/external/nope`]) {
      const answer = await call(sandbox(), 'GET', path)
      expect([answer.status, answer.json], path).toEqual([404, notFound])
    }
    expect((await call(sandbox(), 'DELETE', `/customObjects/schemas/${ghost}`)).json).toEqual(notFound)
    const deleted = await call(sandbox(), 'DELETE', `/customObjects/schemas/${created.json.schema.id}`)
    expect([deleted.status, deleted.text]).toEqual([200, ''])
  })
})
