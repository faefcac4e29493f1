import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeEach, describe, expect, it} from 'vitest'

import {operations} from '../../src/lib/spec/catalogue.js'
import {type Harness, runScript, shellQuote, useHarness} from '../helpers.js'

// Issue 15, items 3 and 4: a file that is not there is a usage error before any request, and
// the answers recorded from live accounts (API-FACTS.md, "What recorded answers from live
// accounts show") are said right. The odd answers are injected as one-off sandbox faults.

const h: Harness = useHarness()
const dir = mkdtempSync(join(tmpdir(), 'ac-answers-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const bin = new URL('../../bin/run.js', import.meta.url).pathname

beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.clearRequests()
})

/** One clean line, exit 2, naming the file, and nothing sent. */
function refusedBeforeSending(run: {code: number; stderr: string}, file: string): void {
  expect(run.code, run.stderr).toBe(2)
  expect(run.stderr.trim().split('\n')).toHaveLength(1)
  expect(run.stderr).toMatch(/^Error: /)
  expect(run.stderr).toContain(file)
  expect(h.sandbox.requests).toEqual([])
}

describe('a file that is not there is a usage error', () => {
  const missing = join(dir, 'not-there')

  it('seed clean FILE with neither the fixture nor its state file: exit 2, not "nothing to clean"', async () => {
    refusedBeforeSending(await h.ac(['seed', 'clean', `${missing}.yml`, '--yes']), `${missing}.yml`)
  })

  it('seed apply FILE', async () => {
    refusedBeforeSending(await h.ac(['seed', 'apply', `${missing}.yml`]), `${missing}.yml`)
  })

  it('contacts import FILE', async () => {
    refusedBeforeSending(await h.ac(['contacts', 'import', `${missing}.csv`]), `${missing}.csv`)
  })

  it('--ids-from FILE', async () => {
    refusedBeforeSending(await h.ac(['tags', 'delete', '--ids-from', `${missing}.txt`, '--yes']), `${missing}.txt`)
  })

  it('--data @FILE', async () => {
    refusedBeforeSending(await h.ac(['tags', 'create', '--data', `@${missing}.json`]), `${missing}.json`)
  })

  it('an import file of 0 bytes: exit 2, no request', async () => {
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, '')
    refusedBeforeSending(await h.ac(['contacts', 'import', empty]), empty)
  })

  it('an import file with a header and no rows imports nothing, exit 0, saying so', async () => {
    const header = join(dir, 'header.csv')
    writeFileSync(header, 'email,first_name\n')
    const run = await h.ac(['contacts', 'import', header])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/^Nothing to import: the file has a header and no rows/)
    expect(h.requestLines().filter((line) => line.startsWith('POST'))).toEqual([])
  })
})

describe('answers said right', () => {
  it('a 403 about the request, not the token, says the API\'s words without "check the API token": exit 5', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', status: 403, body: {message: '$value is not a string'}})
    const run = await h.ac(['tags', 'create', '--tag', 'VIP'])
    expect(run.code, run.stderr).toBe(5)
    expect(run.stderr).toBe('Error: POST /tags failed (403): $value is not a string\n')
    const json = await h.ac(['tags', 'create', '--tag', 'VIP', '--json'], {env: {}})
    // The fault was one-off: the second create went through; the first was refused once, no retry.
    expect(json.code).toBe(0)
    expect(h.requestLines().filter((line) => line === 'POST /tags')).toHaveLength(2)
  })

  it('a 403 refusing the token is still exit 3 with the hint', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', kind: '403'})
    const run = await h.ac(['tags', 'create', '--tag', 'VIP', '--json'])
    expect(run.code).toBe(3)
    expect(JSON.parse(run.stdout).error).toMatchObject({code: 'unauthorized', status: 403})
    expect(run.stderr).toContain('ac auth status')
  })

  it('an empty 200 with an x-ac-error header shows the code under --debug', async () => {
    // As PUT /lists/{id} answered a live account (no command sends that one, so a tag's update stands in).
    const seeded = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({tags: [{tag: 'VIP', tagType: 'contact'}]})})
    const {tags: [id]} = (await seeded.json()) as {tags: string[]}
    h.sandbox.clearRequests()
    h.sandbox.addFaults({method: 'PUT', path: '/tags/*', status: 200, body: '', headers: {'Content-Type': 'application/json', 'x-ac-error': 'Code 9001'}})
    const run = await h.ac(['tags', 'update', id, '--tag', 'Gold', '--debug'])
    expect(run.stderr).toMatch(new RegExp(`PUT \\S+/tags/${id} → 200 \\d+ms x-ac-error: Code 9001`))
  })

  it('a delete of an id already gone says so on stderr in table mode, off a terminal too: exit 0', async () => {
    const run = await h.ac(['contacts', 'delete', '5', '--yes'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/^contact 5 was already gone\n$/i)
    expect(run.stdout).toBe('')
  })

  it.each([
    ['contacts email-activities list', ['contacts', 'email-activities', 'list'], '/emailActivities'],
    ['tags list', ['tags', 'list'], '/tags'],
    ['deals list --all', ['deals', 'list', '--all'], '/deals'],
  ])('%s answered {} is an empty list, exit 0', async (_, args, path) => {
    h.sandbox.addFaults({method: 'GET', path, status: 200, body: {}})
    const run = await h.ac([...args, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
  })

  it('every list operation in the catalogue names its response key, so {} from any of them is read as no records', () => {
    const unnamed = operations().filter((operation) => operation.paged && !operation.responseKey).map((operation) => `${operation.method} ${operation.path}`)
    expect(unnamed).toEqual([])
  })

  it('deleted-deal stubs ({title, id, isDisabled: true}) are shown as deleted in a table, kept as the API says in JSON', async () => {
    const stub = {title: 'Old renewal', id: '9', isDisabled: true}
    const answer = {deals: [stub], meta: {total: 1, currencies: []}}
    h.sandbox.addFaults({method: 'GET', path: '/deals', status: 200, body: answer, times: 2})
    const screen = await runScript(`stty cols 120; ${[process.execPath, bin, 'deals', 'list'].map(shellQuote).join(' ')}`, h.env)
    expect(screen.code, screen.stdout).toBe(0)
    expect(screen.stdout).toMatch(/9\s*│?\s*Old renewal \(deleted\)/)
    const json = await h.ac(['deals', 'list', '--json'])
    expect(JSON.parse(json.stdout)).toEqual([stub])
  })

  it.each([
    ['contacts sync', '/contact/sync', ['contacts', 'sync', '--email', 'ann@example.com'], {contact: {id: '7', email: 'ann@example.com'}}],
    ['POST /contactLists', '/contactLists', ['contacts', 'lists', 'update', '--data', '{"contactList": {"contact": 7, "list": 1, "status": 1}}'], {contactList: {id: '3', contact: '7', list: '1', status: '1'}}],
  ])('%s succeeds on 200 and on 201', async (_, path, args, body) => {
    for (const status of [200, 201]) {
      h.sandbox.addFaults({method: 'POST', path, status, body})
      const run = await h.ac([...args, '--json'])
      expect(run.code, `${status}: ${run.stderr}`).toBe(0)
      expect(JSON.parse(run.stdout)).toMatchObject(Object.values(body)[0])
    }
  })
})
