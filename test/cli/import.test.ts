// `ac contacts import`: every row checked before sending, batches the importer accepts,
// nothing dropped, rejected batches and quota answers handled.

import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeEach, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

const h = useHarness({importDelayMs: 50, importQuota: false})
const dir = mkdtempSync(join(tmpdir(), 'ac-import-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.clearRequests()
})

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

function csv(rows: number, extra = (_index: number) => ''): string {
  const lines = ['Email,First Name,lastName,tags,lists']
  for (let index = 0; index < rows; index++) lines.push(`person${index}@example.com,First${index},Last${index},imported,${extra(index)}`)
  return lines.join('\n') + '\n'
}

const bulkPosts = () => h.sandbox.requests.filter((request) => request.method === 'POST' && request.path === '/import/bulk_import')
const importerRequests = () => h.sandbox.requests.filter((request) => request.path.startsWith('/import/'))

async function contactTotal(query = ''): Promise<number> {
  const run = await h.ac(['api', 'GET', `/contacts?limit=1${query}`])
  return Number(JSON.parse(run.stdout).meta.total)
}

async function createList(name: string): Promise<string> {
  const run = await h.ac(['lists', 'create', '--name', name, '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up', '--json'])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout).id
}

describe('contacts import', () => {
  it('imports 1,000 rows in exactly 4 bulk requests, and every contact exists afterwards', async () => {
    const run = await h.ac(['contacts', 'import', file('thousand.csv', csv(1000)), '--wait', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(bulkPosts()).toHaveLength(4)
    expect(bulkPosts().map((request) => (request.body as {contacts: unknown[]}).contacts.length)).toEqual([250, 250, 250, 250])
    expect(JSON.parse(run.stdout)).toMatchObject({rows: 1000, imported: 1000, failed: 0, invalid: 0, requests: 4})
    expect(run.stderr).toContain('1000 rows: 1000 imported, 0 failed, 0 invalid (4 requests to the importer)')
    expect(await contactTotal()).toBe(1000)
    expect((bulkPosts()[0].body as {contacts: Array<Record<string, unknown>>}).contacts[0]).toEqual({
      email: 'person0@example.com', first_name: 'First0', last_name: 'Last0', tags: ['imported'],
    })
  })

  it('takes out the one contact a batch is rejected for and imports the other 249', async () => {
    const list = await createList('Real')
    // List 999 does not exist: only the importer can tell (ids are not looked up).
    const run = await h.ac(['contacts', 'import', file('one-bad.csv', csv(250, (index) => (index === 117 ? '999' : list))), '--wait', '--json'])
    expect(run.code).toBe(5)
    expect(JSON.parse(run.stdout)).toMatchObject({rows: 250, imported: 249, failed: 1, invalid: 0})
    expect(run.stderr).toContain('line 119 (person117@example.com): failed, List with id 999 does not exist')
    expect(bulkPosts().map((request) => (request.body as {contacts: unknown[]}).contacts.length)).toEqual([250, 249])
    expect(await contactTotal()).toBe(249)
    expect(await contactTotal(`&listid=${list}`)).toBe(249)
  })

  it('halves a rejected batch whose answer does not say which contact was bad', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/import/bulk_import', status: 400, body: {success: 0, message: 'JSON payload did not pass validation.', failureReasons: []}, times: 1})
    const run = await h.ac(['contacts', 'import', file('halves.csv', csv(10)), '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(bulkPosts().map((request) => (request.body as {contacts: unknown[]}).contacts.length)).toEqual([10, 5, 5])
    expect(JSON.parse(run.stdout)).toMatchObject({rows: 10, queued: 10, failed: 0})
  })

  it('reports bad rows by file line and exits 2 without a single request to the importer', async () => {
    const text = 'email,first_name,lists\nok@example.com,Ok,\nnot-an-email,Bad,\n,Empty,\nfine@example.com,Fine,Nowhere\n'
    const run = await h.ac(['contacts', 'import', file('bad-rows.csv', text)])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('line 3 (not-an-email): invalid, "not-an-email" is not a valid email address')
    expect(run.stderr).toContain('line 4: invalid, the email is empty')
    expect(run.stderr).toContain('line 5 (fine@example.com): invalid, No list named "Nowhere"')
    expect(run.stderr).toContain('Error: 3 of 4 rows are invalid; nothing was sent')
    expect(importerRequests()).toHaveLength(0)
  })

  it('with --skip-invalid imports the rest and writes a failures CSV that imports once fixed', async () => {
    const failures = join(dir, 'failures.csv')
    const text = 'email,First Name,Notes\nok@example.com,Ok,x\nbroken,Bad,y\nalso@example.com,Also,z\n'
    const run = await h.ac(['contacts', 'import', file('skip.csv', text), '--skip-invalid', '--failures', failures, '--map', 'Notes=', '--json'])
    expect(run.code).toBe(5)
    expect(JSON.parse(run.stdout)).toMatchObject({rows: 3, queued: 2, failed: 0, invalid: 1, failures})
    expect(readFileSync(failures, 'utf8')).toBe('email,First Name,Notes,reason\nbroken,Bad,y,"""broken"" is not a valid email address"\n')
    writeFileSync(failures, readFileSync(failures, 'utf8').replace('broken,', 'fixed@example.com,'))
    const again = await h.ac(['contacts', 'import', failures, '--map', 'Notes=', '--wait'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain('1 rows: 1 imported, 0 failed, 0 invalid')
    expect(await contactTotal('&email=fixed@example.com')).toBe(1)
  })

  it('waits out a rate-limit answer and resends: no contact lost, none duplicated', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/import/bulk_import', status: 400, body: {success: 0, message: 'Rate limit exceeded.', failureReasons: []}, times: 1})
    const run = await h.ac(['contacts', 'import', file('quota.csv', csv(300)), '--wait', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(bulkPosts().map((request) => request.status)).toEqual([400, 200, 200])
    const sent = bulkPosts().slice(1).flatMap((request) => (request.body as {contacts: Array<{email: string}>}).contacts.map((contact) => contact.email))
    expect(new Set(sent).size).toBe(300)
    expect(sent).toHaveLength(300)
    expect(JSON.parse(run.stdout)).toMatchObject({rows: 300, imported: 300, failed: 0})
    expect(await contactTotal()).toBe(300)
  })

  it('--dry-run prints the mapping and the batch plan and sends no POST', async () => {
    const run = await h.ac(['contacts', 'import', file('dry.csv', csv(260)), '--dry-run'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Email       → email')
    expect(run.stdout).toContain('First Name  → first_name')
    expect(run.stdout).toContain('lastName    → last_name')
    expect(run.stdout).toMatch(/Batch plan: 260 of 260 rows in 2 requests/)
    expect(run.stdout).toMatch(/1\. 250 contacts, \d+ bytes \(line 2 to line 251\)/)
    expect(h.sandbox.requests.filter((request) => request.method !== 'GET')).toHaveLength(0)
  })

  it('reads JSON arrays and NDJSON, with custom fields by title and several tags in one cell', async () => {
    await h.ac(['api', 'POST', '/fields', '-F', 'field[title]=Colour', '-F', 'field[type]=text'])
    const json = JSON.stringify([{email: 'j@example.com', firstName: 'J', Colour: 'red', tags: ['a', 'b']}])
    expect((await h.ac(['contacts', 'import', file('people.json', json)])).code).toBe(0)
    const ndjson = '{"email":"n@example.com","Colour":"blue","tags":"c|d"}\n'
    expect((await h.ac(['contacts', 'import', '-'], {input: ndjson})).code).toBe(0)
    const bodies = bulkPosts().map((request) => (request.body as {contacts: unknown[]}).contacts[0])
    expect(bodies).toEqual([
      {email: 'j@example.com', first_name: 'J', tags: ['a', 'b'], fields: [{id: '1', value: 'red'}]},
      {email: 'n@example.com', tags: ['c', 'd'], fields: [{id: '1', value: 'blue'}]},
    ])
  })

  it('an unknown column is exit 2, naming it, before any request to the importer', async () => {
    const run = await h.ac(['contacts', 'import', file('unknown.csv', 'email,Shoe Size\na@example.com,9\n')])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('Error: Unknown column "Shoe Size": not an importer field or a custom field of this account. Map it with --map "Shoe Size=FIELD", or ignore it with --map "Shoe Size="\n')
    expect(importerRequests()).toHaveLength(0)
  })

  it('a missing file is exit 2 with one line and no request', async () => {
    const run = await h.ac(['contacts', 'import', join(dir, 'nope.csv')])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`Error: No such file: ${join(dir, 'nope.csv')}\n`)
    expect(h.sandbox.requests).toHaveLength(0)
  })
})
