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
