import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// Whole records (issue 14, item 3): `get` on a terminal shows the record like `gh issue view`:
// a title line, its own fields as `label: value` without the API's empty noise, then its
// relations by name, sideloaded with the record. Off a terminal nothing changes.

const h = useHarness()
const onTty = (args: string[], columns: number, env: Record<string, string> = {}) => h.onTty(args, columns, env)
const description =
  'Three-year renewal of the enterprise plan, with the onboarding workshop moved to the spring and the support hours doubled for the first quarter after signing'


function requests(): string[] {
  return h.sandbox.requests.map((request) => `${request.method} ${request.path}`).sort()
}


beforeAll(async () => {
  await h.seed({
    contacts: [{id: 701, email: 'ann@example.com', firstName: 'Ann', lastName: 'Smith', phone: '+44 20 7946 0000'}],
    tags: [{id: 801, tag: 'VIP', tagType: 'contact'}, {id: 802, tag: 'Gold', tagType: 'contact'}],
    lists: [{id: 851, name: 'Newsletter'}, {id: 852, name: 'Offers'}],
    dealGroups: [{id: 901, title: 'Sales', currency: 'usd'}],
    fields: [{id: 601, title: 'Birthday', type: 'date'}],
    accounts: [{id: 401, name: 'Acme'}],
  })
  await h.seed({
    dealStages: [{id: 911, title: 'Qualified', group: '901'}],
    contactTags: [{contact: '701', tag: '801'}, {contact: '701', tag: '802'}],
    contactLists: [{contact: '701', list: '851', status: '1'}, {contact: '701', list: '852', status: '2'}],
    fieldValues: [{contact: '701', field: '601', value: '1990-01-01'}],
    accountContacts: [{account: '401', contact: '701', jobTitle: 'CTO'}],
  })
  await h.seed({deals: [{id: 951, title: 'Renewal', value: '120000', currency: 'usd', contact: '701', stage: '911', owner: '1', description}]})
})

describe('get on a terminal shows the whole record', () => {
  it('a contact: title, its own fields without noise, then tags, lists with status, deals with stage, custom fields by title', async () => {
    const run = await onTty(['contacts', 'get', '701'], 120, {AC_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-whole-'))})
    expect(run.code, run.stdout).toBe(0)
    const screen = run.stdout.replaceAll('\r', '')
    expect(screen).toMatch(/^Ann Smith <ann@example\.com>\ncontact 701\n\n/)
    expect(screen).toMatch(/^email: +ann@example\.com$/m)
    expect(screen).toMatch(/^phone: +\+44 20 7946 0000$/m)
    // The API's noise: empty values, never-set dates, id lists shown as sections instead.
    expect(screen).not.toMatch(/0000-00-00|\["|^bounced|^hash|^contactLists/m)
    expect(screen).toMatch(/^Tags \(2\)\n {2}VIP\n {2}Gold$/m)
    expect(screen).toMatch(/^Lists \(2\)\n {2}Newsletter +active\n {2}Offers +unsubscribed$/m)
    expect(screen).toMatch(/^Deals \(1\)\n {2}Renewal +1,200\.00 USD +open +Sales +Qualified$/m)
    expect(screen).toMatch(/^Custom fields \(1\)\n {2}Birthday +1990-01-01$/m)
  })

  it('a contact costs its one GET (tags and lists sideloaded) when the names are kept, one more per collection when not', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ac-whole-'))
    h.sandbox.clearRequests()
    await onTty(['contacts', 'get', '701'], 120, {AC_CACHE_DIR: cache})
    expect(requests()).toEqual(['GET /contacts/701', 'GET /dealGroups', 'GET /dealStages', 'GET /fields'])
    expect(h.sandbox.requests.find((request) => request.path === '/contacts/701')?.query.include).toBe('contactTags.tag,contactLists.list')
    h.sandbox.clearRequests()
    await onTty(['contacts', 'get', '701'], 120, {AC_CACHE_DIR: cache})
    expect(requests()).toEqual(['GET /contacts/701'])
  })

  it('a deal: pipeline, stage, contact and owner by name, value as money; a long value wraps to the width', async () => {
    const run = await onTty(['deals', 'get', '951'], 70)
    expect(run.code, run.stdout).toBe(0)
    const screen = run.stdout.replaceAll('\r', '')
    expect(screen).toMatch(/^Renewal\ndeal 951\n/)
    for (const line of [/^pipeline: +Sales$/m, /^stage: +Qualified$/m, /^contact: +ann@example\.com$/m, /^owner: +admin$/m, /^value: +1,200\.00 USD$/m]) expect(screen).toMatch(line)
    const lines = screen.split('\n')
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(70)
    expect(screen).not.toContain('…')
    // Wrapped under its label, every word there.
    const at = lines.findIndex((line) => line.startsWith('description:'))
    const wrapped = lines.slice(at, at + 4).join(' ').replace(/^description:/, '').replaceAll(/\s+/g, ' ').trim()
    expect(wrapped.startsWith(description)).toBe(true)
    expect(lines[at + 1]).toMatch(/^ {6,}\S/)
  })

  it('an account: its contacts by email, sideloaded', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ac-whole-'))
    await onTty(['accounts', 'get', '401'], 120, {AC_CACHE_DIR: cache})
    h.sandbox.clearRequests()
    const run = await onTty(['accounts', 'get', '401'], 120, {AC_CACHE_DIR: cache})
    const screen = run.stdout.replaceAll('\r', '')
    expect(screen).toMatch(/^Acme\naccount 401\n/)
    expect(screen).toMatch(/^Contacts \(1\)\n {2}ann@example\.com +CTO$/m)
    expect(requests()).toEqual(['GET /accounts/401'])
  })

  it('off a terminal and in machine formats: today\'s output and today\'s one request, no include', async () => {
    h.sandbox.clearRequests()
    const piped = await h.ac(['contacts', 'get', '701'])
    expect(piped.stdout).toBe('id\temail\tfirstName\tlastName\tphone\n701\tann@example.com\tAnn\tSmith\t+44 20 7946 0000\n')
    expect(requests()).toEqual(['GET /contacts/701'])
    expect(h.sandbox.requests[0].query.include).toBeUndefined()

    h.sandbox.clearRequests()
    const json = await onTty(['contacts', 'get', '701', '--json'], 120)
    expect(JSON.parse(json.stdout.replaceAll('\r', ''))).toMatchObject({id: '701', email: 'ann@example.com'})
    expect(requests()).toEqual(['GET /contacts/701'])
    expect(h.sandbox.requests[0].query.include).toBeUndefined()
  })
})

// The new-user tour (issue 14): the same fields in the same order on every deal, nothing cut by
// the terminal at 70 columns, titles worth reading on notes and tasks, a pipeline's stages.
describe('a whole record reads well', () => {
  const email = 'bob.longname.with.a.very.long.local.part@mail.subdomain.example.org'
  const longTitle = 'Enterprise expansion for the northern European region, phase two'
  // A cache of its own: the names kept by the tests above know no pipeline 1901.
  const fresh = (args: string[], columns: number) => onTty(args, columns, {AC_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-whole-'))})
  const labels = (screen: string) => screen.split('\n\n')[1].split('\n').flatMap((line) => /^([a-z][a-z ]*):/.exec(line)?.[1] ?? [])

  beforeAll(async () => {
    await h.seed({
      contacts: [{id: 1701, email, firstName: 'Bob Bartholomew', lastName: 'Longname-Tester'}],
      dealGroups: [{id: 1901, title: 'Northern', currency: 'eur'}],
    })
    // Stored out of order: the section shows them by their `order`.
    await h.seed({dealStages: [{id: 1912, title: 'Negotiation', group: '1901', order: '2'}, {id: 1911, title: 'Discovery', group: '1901', order: '1'}]})
    // Two deals whose fields come in different orders, as records made and updated differently do.
    await h.seed({deals: [
      {id: 1951, title: longTitle, value: '4500000', currency: 'eur', status: '1', contact: '1701', stage: '1911', owner: '1'},
      {id: 1952, owner: '1', group: '1901', stage: '1912', status: '0', contact: '1701', currency: 'eur', value: '100', title: 'Small'},
    ]})
    await h.seed({
      notes: [{id: 1801, note: 'Called Bob about the renewal\nHe wants a discount', reltype: 'Deal', relid: '1951'}],
      dealTasks: [{id: 1851, title: 'Send the contract', relid: '1951', reltype: 'Deal', duedate: '2026-12-10T10:00:00-06:00', dealTasktype: '1'}],
    })
  })

  it('deals show their fields in one order, the default columns first, whatever order the API gives', async () => {
    const first = (await fresh(['deals', 'get', '1951'], 120)).stdout.replaceAll('\r', '')
    const second = (await fresh(['deals', 'get', '1952'], 120)).stdout.replaceAll('\r', '')
    expect(labels(first).slice(0, 6)).toEqual(['value', 'status', 'contact', 'pipeline', 'stage', 'owner'])
    expect(labels(second)).toEqual(labels(first))
    // The title line and the money already say the title and the currency.
    expect(second).toMatch(/^Small\ndeal 1952\n\nvalue: +1\.00 EUR\n/)
    expect(second).not.toMatch(/^(title|currency):/m)
  })

  it('at 70 columns every line fits: the title line, long values and section rows wrap, money stays whole', async () => {
    for (const args of [['contacts', 'get', '1701'], ['deals', 'get', '1951']]) {
      const run = await fresh(args, 70)
      expect(run.code, run.stderr).toBe(0)
      const screen = run.stdout.replaceAll('\r', '')
      for (const line of screen.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(70)
      expect(screen).toContain('45,000.00 EUR')
      const lines = screen.split('\n')
      // The email wraps under its label, all of it there.
      const at = lines.findIndex((line) => line.startsWith('email:') || line.startsWith('contact:'))
      expect(lines[at + 1]).toMatch(/^ {6,}\S/)
      expect(lines.slice(at, at + 2).join('').replace(/^\w+: */, '').replaceAll(/\s+/g, '')).toBe(email)
    }

    const contact = (await fresh(['contacts', 'get', '1701'], 70)).stdout.replaceAll('\r', '')
    expect(contact).toMatch(/^Bob Bartholomew Longname-Tester\n<bob\.longname[^\n]*example\.org>\ncontact 1701\n/)
    // The deal's row: its long title wraps within its column, the amount whole beside it.
    expect(contact).toMatch(/^ {2}Enterprise expansion[^\n]* {2}45,000\.00 EUR +won +Northern +Discovery$/m)
    expect(contact).toMatch(/^ {2}Small +1\.00 EUR +open +Northern +Negotiation$/m)
    // Its continuation lines hold the rest of the title, in its column: every word there, in order.
    const rows = contact.split('\n')
    const from = rows.findIndex((line) => line.startsWith('  Enterprise expansion'))
    const to = rows.findIndex((line) => line.startsWith('  Small '))
    expect(to - from).toBeGreaterThan(1)
    expect(rows.slice(from, to).map((line) => line.trim().split(/ {2,}/)[0]).join(' ')).toBe(longTitle)
  })

  it('a note is titled by its first line of text, once; a task by its title, and its deal said once', async () => {
    const note = (await fresh(['notes', 'get', '1801'], 120)).stdout.replaceAll('\r', '')
    expect(note).toMatch(/^Called Bob about the renewal\nnote 1801\n\n/)
    expect(note.match(/note 1801/g)).toHaveLength(1)
    expect(note).toMatch(/^on: +Enterprise expansion for the northern European region, phase two \(deal\)$/m)
    expect(note).not.toMatch(/^reltype:/m)

    const task = (await fresh(['deals', 'tasks', 'get', '1851'], 120)).stdout.replaceAll('\r', '')
    expect(task).toMatch(/^Send the contract\ntask 1851\n\n/)
    expect(task).not.toMatch(/dealTask|^title:|^reltype:/m)
    expect(task).toMatch(/^on: +Enterprise expansion[^\n]*\(deal\)$/m)
  })

  it('a pipeline lists its stages in order, with one request for them', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ac-whole-'))
    h.sandbox.clearRequests()
    const run = await onTty(['deals', 'pipelines', 'get', '1901'], 120, {AC_CACHE_DIR: cache})
    expect(run.code, run.stderr).toBe(0)
    const screen = run.stdout.replaceAll('\r', '')
    expect(screen).toMatch(/^Northern\npipeline 1901\n/)
    expect(screen).toMatch(/^Stages \(2\)\n {2}Discovery\n {2}Negotiation$/m)
    expect(requests()).toEqual(['GET /dealGroups/1901', 'GET /dealStages'])
    expect(h.sandbox.requests.find((request) => request.path === '/dealStages')?.query['filters[d_groupid]']).toBe('1901')
  })

  it('a pipeline whose stages the API refuses still shows, without a Stages section that would say none', async () => {
    await h.control('POST', '/faults', {method: 'GET', path: '/dealStages', status: 403, body: {message: 'You do not have permission'}})
    const run = await fresh(['deals', 'pipelines', 'get', '1901'], 120)
    await h.control('DELETE', '/faults')
    expect(run.code, run.stderr).toBe(0)
    const screen = run.stdout.replaceAll('\r', '')
    expect(screen).toMatch(/^Northern\npipeline 1901\n/)
    expect(screen).not.toContain('Stages')
    expect(h.sandbox.requests.findLast((request) => request.path === '/dealStages')?.status).toBe(403)
  })
})
