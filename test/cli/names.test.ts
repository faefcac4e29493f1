import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// Names out (issue 14, items 1 and 2): a table on a terminal names the records its columns
// point at, from a name cache per profile (few-record collections) or one `ids=` request per
// page (contacts, deals). Piped and machine formats keep the API's ids and look nothing up.

const h = useHarness()
/** `ac ARGS` on a 160-column terminal (stdout and stderr both on the screen). */
const onTty = (args: string[], env: Record<string, string> = {}) => h.onTty(args, 160, env)

/** A fresh, empty name cache. */
function freshCache(): string {
  return mkdtempSync(join(tmpdir(), 'ac-names-'))
}


/** The requests since the last clear, sorted: look-ups go out side by side, in any order. */
function requests(): string[] {
  return h.sandbox.requests.map((request) => `${request.method} ${request.path}`).sort()
}


beforeAll(async () => {
  await h.seed({
    contacts: [{id: 701, email: 'ann@example.com', firstName: 'Ann', lastName: 'Smith'}],
    tags: [{id: 801, tag: 'VIP', tagType: 'contact'}],
    lists: [{id: 851, name: 'Newsletter'}],
    dealGroups: [{id: 901, title: 'Sales', currency: 'usd'}],
    fields: [{id: 601, title: 'Birthday', type: 'date'}],
    dealTasktypes: [{id: 621, title: 'Call'}],
  })
  await h.seed({
    dealStages: [{id: 911, title: 'Qualified', group: '901'}],
    contactTags: [{contact: '701', tag: '801'}],
    contactLists: [{contact: '701', list: '851', status: '1'}],
    fieldValues: [{contact: '701', field: '601', value: '1990-01-01'}],
  })
  await h.seed({deals: [{id: 951, title: 'Renewal', value: '120000', currency: 'usd', contact: '701', stage: '911', owner: '1'}]})
  await h.seed({
    notes: [{reltype: 'Deal', relid: '951', note: 'Call back on Monday'}],
    dealTasks: [{relid: '951', reltype: 'Deal', duedate: '2027-01-05', dealTasktype: '621', title: 'Follow up', assignee: '1'}],
  })
})

describe('names out', () => {
  it('deals list on a terminal names the contact, pipeline, stage and owner, under a `pipeline` header', async () => {
    const run = await onTty(['deals', 'list'], {AC_CACHE_DIR: freshCache()})
    expect(run.code, run.stdout).toBe(0)
    // The terminal's own columns (tableColumns): the value carries its currency, no currency column.
    expect(run.stdout).toMatch(/│ id +│ title +│ value +│ status +│ contact +│ pipeline +│ stage +│ owner +│/)
    expect(run.stdout).toMatch(/│ 951 +│ Renewal +│ 1,200\.00 USD +│ open +│ ann@example\.com +│ Sales +│ Qualified +│ admin +│/)
    // The ids the names replace are gone from the row.
    expect(run.stdout).not.toMatch(/│ (701|901|911) +│/)
  })

  it('piped TSV, json, ndjson, csv and yaml keep the ids and look nothing up', async () => {
    const cache = freshCache()
    h.sandbox.clearRequests()
    const tsv = await h.ac(['deals', 'list'], {env: {AC_CACHE_DIR: cache}})
    // The API's values in the columns scripts have always cut (contact and pipeline are the terminal's).
    expect(tsv.stdout).toBe('id\ttitle\tvalue\tcurrency\tstatus\tstage\towner\n951\tRenewal\t120000\tusd\t0\t911\t1\n')
    expect(requests()).toEqual(['GET /deals'])
    for (const format of ['json', 'ndjson', 'csv', 'yaml']) {
      h.sandbox.clearRequests()
      const run = await h.ac(['deals', 'list', '-o', format], {env: {AC_CACHE_DIR: cache}})
      // csv has the default columns, the contact not among them: the stage's id stands for the names there.
      expect(run.stdout).toContain(format === 'csv' ? ',911,' : '701')
      expect(run.stdout).not.toContain('ann@example.com')
      expect(run.stdout).not.toContain('Qualified')
      expect(requests(), format).toEqual(['GET /deals'])
    }

    // A machine format on a terminal is still for machines: no look-ups there either.
    h.sandbox.clearRequests()
    const json = await onTty(['deals', 'list', '--json'], {AC_CACHE_DIR: cache})
    expect(json.stdout).toMatch(/"contact": "701"/)
    expect(requests()).toEqual(['GET /deals'])
  })

  it('costs one request per referenced collection cold, and one more than piped (the contacts, by ids=) warm', async () => {
    const cache = freshCache()
    h.sandbox.clearRequests()
    await h.ac(['deals', 'list'], {env: {AC_CACHE_DIR: cache}})
    const piped = requests()

    h.sandbox.clearRequests()
    expect((await onTty(['deals', 'list'], {AC_CACHE_DIR: cache})).code).toBe(0)
    expect(requests()).toEqual(['GET /contacts', 'GET /dealGroups', 'GET /dealStages', 'GET /deals', 'GET /users'])
    expect(h.sandbox.requests.find((request) => request.path === '/contacts')?.query).toMatchObject({ids: '701'})

    h.sandbox.clearRequests()
    expect((await onTty(['deals', 'list'], {AC_CACHE_DIR: cache})).stdout).toContain('Qualified')
    expect(requests()).toEqual(['GET /contacts', ...piped])
  })

  it('--debug says which names came from the cache and which were fetched', async () => {
    const cache = freshCache()
    const cold = await onTty(['deals', 'stages', 'list', '--debug'], {AC_CACHE_DIR: cache})
    expect(cold.stdout).toMatch(/\[debug\] names cache miss: dealGroups/)
    const warm = await onTty(['deals', 'stages', 'list', '--debug'], {AC_CACHE_DIR: cache})
    expect(warm.stdout).toMatch(/\[debug\] names cache hit: dealGroups \(\d+ names?, \d+ s old\)/)
    expect(warm.stdout).toMatch(/│ 911 +│ Qualified +│ Sales +│/)
  })

  it('a write to a collection (tags create) drops its names: the next table fetches them again and shows the new one', async () => {
    const cache = freshCache()
    await onTty(['contacts', 'contact-tags', 'by-contact', 'ann@example.com'], {AC_CACHE_DIR: cache})
    h.sandbox.clearRequests()
    await onTty(['contacts', 'contact-tags', 'by-contact', 'ann@example.com'], {AC_CACHE_DIR: cache})
    expect(requests()).not.toContain('GET /tags')

    const created = await h.ac(['tags', 'create', '--tag', 'Gold', '--tag-type', 'contact', '--json'], {env: {AC_CACHE_DIR: cache}})
    expect(created.code, created.stderr).toBe(0)
    await h.ac(['contacts', 'tag', 'ann@example.com', '--tag', 'Gold'], {env: {AC_CACHE_DIR: cache}})
    h.sandbox.clearRequests()
    const run = await onTty(['contacts', 'contact-tags', 'by-contact', 'ann@example.com'], {AC_CACHE_DIR: cache})
    expect(requests()).toContain('GET /tags')
    expect(run.stdout).toMatch(/│ ann@example\.com +│ Gold +│/)

    // A write elsewhere (a pipeline) leaves the tags' names kept.
    await h.ac(['deals', 'pipelines', 'create', '--title', 'Partners', '--currency', 'usd'], {env: {AC_CACHE_DIR: cache}})
    h.sandbox.clearRequests()
    await onTty(['contacts', 'contact-tags', 'by-contact', 'ann@example.com'], {AC_CACHE_DIR: cache})
    expect(requests()).not.toContain('GET /tags')
  })

  it('kept names expire (AC_NAMES_TTL seconds): then they are fetched again', async () => {
    const cache = freshCache()
    await onTty(['deals', 'stages', 'list'], {AC_CACHE_DIR: cache, AC_NAMES_TTL: '1'})
    h.sandbox.clearRequests()
    await onTty(['deals', 'stages', 'list'], {AC_CACHE_DIR: cache, AC_NAMES_TTL: '1'})
    expect(requests()).toEqual(['GET /dealStages'])
    await new Promise((resolve) => setTimeout(resolve, 1100))
    h.sandbox.clearRequests()
    await onTty(['deals', 'stages', 'list'], {AC_CACHE_DIR: cache, AC_NAMES_TTL: '1'})
    expect(requests()).toEqual(['GET /dealGroups', 'GET /dealStages'])
  })

  it('a name look-up the API refuses leaves that column in ids: the table still comes, exit 0', async () => {
    h.sandbox.addFaults({method: 'GET', path: '/users', status: 403, body: {message: 'You do not have permission'}, times: 1})
    const run = await onTty(['deals', 'list', '--debug'], {AC_CACHE_DIR: freshCache()})
    expect(run.code, run.stdout).toBe(0)
    expect(run.stdout).toMatch(/│ ann@example\.com +│ Sales +│ Qualified +│ 1 +│/)
    expect(run.stdout).toMatch(/\[debug\] names: users left as ids/)
  })

  it('stages, links, field values, notes and tasks name what they point at; campaigns and automations show status words', async () => {
    const env = {AC_CACHE_DIR: freshCache()}
    expect((await onTty(['deals', 'stages', 'list'], env)).stdout).toMatch(/│ id +│ title +│ pipeline +│ order +│[^]*│ 911 +│ Qualified +│ Sales +│/)
    // A pipeline's stages are counted, not shown as a JSON array of ids.
    const pipelines = (await onTty(['deals', 'pipelines', 'list'], env)).stdout
    expect(pipelines).toMatch(/│ Sales +│ [a-z]{3} +│ \d+ +│/)
    expect(pipelines).not.toContain('["')
    expect((await onTty(['contacts', 'contact-tags', 'by-contact', '701'], env)).stdout).toMatch(/│ ann@example\.com +│ VIP +│/)
    const values = (await onTty(['contacts', 'field-values', 'list'], env)).stdout
    expect(values).toMatch(/│ ann@example\.com +│ Birthday +│ 1990-01-01 +│\r?\n/)
    expect(values.match(/ann@example\.com/g)).toHaveLength(1)
    expect((await onTty(['notes', 'list'], env)).stdout).toMatch(/│ on +│[^]*│ Deal +│ Renewal +│ Call back on Monday +│/)
    expect((await onTty(['deals', 'tasks', 'list', '--columns', 'id,title,relid,duedate,dealTasktype,assignee'], env)).stdout).toMatch(/│ on +│ duedate +│ type +│ assignee +│[^]*│ Follow up +│ Renewal +│ 2027-01-05 +│ Call +│ admin +│/)

    // A task written on a contact (ownerType contact) is on that contact, not on a deal of the same id.
    const onContact = await h.ac(['deals', 'tasks', 'create', '--owner-type', 'contact', '--rel-id', '701', '--due-date', '2027-01-06', '--task-type', '621', '--title', 'Ring Ann', '--json'])
    expect(JSON.parse(onContact.stdout).reltype).toBe('Subscriber')
    expect((await onTty(['deals', 'tasks', 'list', '--columns', 'id,title,relid'], env)).stdout).toMatch(/│ Ring Ann +│ ann@example\.com +│/)

    const campaigns = await onTty(['campaigns', 'list'], env)
    const piped = await h.ac(['campaigns', 'list', '--columns', 'id,status'])
    const [, firstStatus] = piped.stdout.split('\n')[1].split('\t')
    const word = {0: 'draft', 1: 'scheduled', 2: 'sending', 3: 'paused', 4: 'stopped', 5: 'completed', 6: 'disabled', 7: 'pending review'}[firstStatus]
    expect(word).toBeDefined()
    expect(campaigns.stdout).toMatch(new RegExp(`│ ${word} +│`))
    const automations = await onTty(['automations', 'list', '--columns', 'id,status'], env)
    expect(automations.stdout).toMatch(/│ \d+ +│ (active|inactive) +│/)
    expect(automations.stdout).not.toMatch(/│ \d+ +│ [12] +│/)
  })
})

describe('a collection too big to keep whole', () => {
  it('keeps its first 500 names; a table needing another asks for it by ids=, and nothing else', async () => {
    await h.seed({tags: Array.from({length: 520}, (_, i) => ({id: 2001 + i, tag: `Bulk tag ${i}`, tagType: 'contact'}))})
    await h.seed({contactTags: [{contact: '701', tag: '2520'}]})
    const cache = freshCache()
    h.sandbox.clearRequests()
    const cold = await onTty(['contacts', 'contact-tags', 'by-contact', '701'], {AC_CACHE_DIR: cache})
    expect(cold.stdout).toMatch(/│ ann@example\.com +│ Bulk tag 519 +│/)
    const tagRequests = () => h.sandbox.requests.filter((request) => request.path === '/tags')
    expect(tagRequests()).toHaveLength(6) // 5 pages kept, then the one beyond them
    expect(tagRequests().at(-1)?.query).toMatchObject({ids: '2520'})

    h.sandbox.clearRequests()
    const warm = await onTty(['contacts', 'contact-tags', 'by-contact', '701'], {AC_CACHE_DIR: cache})
    expect(warm.stdout).toMatch(/│ ann@example\.com +│ VIP +│/)
    expect(tagRequests().map((request) => request.query.ids)).toEqual(['2520'])
  })
})
