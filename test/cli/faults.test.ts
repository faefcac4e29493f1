import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {FaultKind} from '../../src/lib/sandbox/faults.js'
import {type Harness, useHarness} from '../helpers.js'

// The fault matrix for single requests and reads: each kind of fault the sandbox injects ×
// list --all, get, create, delete and `ac api`. The outcome is asserted on the sandbox's
// state and request log, never on the CLI's word alone. The seed jobs are in
// faults-seed.test.ts (a sandbox of their own, so both files run side by side).

const h: Harness = useHarness()
// Retries a few ms apart rather than 300 ms+, a 1 s timeout for the hanging ones: the file stays quick.
const fast = {AC_RETRY_BASE_MS: '10', AC_TIMEOUT: '1'}



async function tagsNamed(name: string): Promise<unknown[]> {
  const {tags} = await h.api(`/tags?search=${encodeURIComponent(name)}&limit=100`)
  return (tags as Array<{tag: string}>).filter((tag) => tag.tag === name)
}

const run = (args: string[], env: Record<string, string> = {}) => h.ac(args, {env: {...fast, ...env}})
const faulted = () => h.sandbox.requests.filter((request) => request.fault)

// The figure for the README: faults injected over the whole file (each test clears the log first).
const injected: Record<string, number> = {}
afterEach(() => {
  for (const request of h.sandbox.requests) if (request.fault) injected[request.fault] = (injected[request.fault] ?? 0) + 1
})
afterAll(() => {
  const total = Object.values(injected).reduce((sum, count) => sum + count, 0)
  process.stderr.write(`faults injected (single requests): ${total} ${JSON.stringify(injected)}\n`)
})

beforeEach(async () => {
  await h.control('DELETE', '/faults')
  h.sandbox.reset()
  h.sandbox.clearRequests()
})

const all: FaultKind[] = ['429', '502', '503', '504', '403', 'reset-before', 'reset-after', 'slow', 'hang', 'truncated', 'malformed']
const transient = all.filter((kind) => kind !== '403')
/** One fault of this kind on the next matching request; slow waits 300 ms (under the 1 s timeout). */
const once = (kind: FaultKind, method: string, path: string) => ({kind, method, path, ...(kind === 'slow' ? {delayMs: 300} : {})})

describe('reads: list --all and get', () => {
  beforeEach(async () => {
    await h.control('POST', '/seed', {tags: Array.from({length: 250}, (_, i) => ({tag: `read-${i}`, tagType: 'contact'}))})
    h.sandbox.clearRequests()
  })

  it.each(transient)('list --all after a %s on a page: every record, exit 0', async (kind) => {
    h.sandbox.addFaults(once(kind, 'GET', '/tags'))
    const result = await run(['tags', 'list', '--all', '-o', 'ndjson'])
    expect(result.code, result.stderr).toBe(0)
    const names = result.stdout.trim().split('\n').map((line) => JSON.parse(line).tag)
    expect(new Set(names).size).toBe(250)
    expect(names).toHaveLength(250)
    expect(faulted().map((request) => request.fault)).toEqual([kind])
  })

  it('list --all under 20 % mixed transient faults (seeded): every record, exactly once', async () => {
    await h.control('POST', '/faults', {spec: '429:0.04,502:0.04,503:0.04,reset-before:0.02,reset-after:0.02,truncated:0.02,malformed:0.02@GET,seed=7'})
    const result = await run(['tags', 'list', '--all', '-o', 'ndjson'], {AC_RETRIES: '8'})
    expect(result.code, result.stderr).toBe(0)
    const names = result.stdout.trim().split('\n').map((line) => JSON.parse(line).tag)
    expect(names).toHaveLength(250)
    expect(new Set(names).size).toBe(250)
  })

  it.each(transient)('get after a %s: the record, exit 0', async (kind) => {
    const [{id}] = await tagsNamed('read-7') as Array<{id: string}>
    h.sandbox.clearRequests()
    h.sandbox.addFaults(once(kind, 'GET', '/tags/*'))
    const result = await run(['tags', 'get', id, '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({id, tag: 'read-7'})
  })

  it.each([['list', ['tags', 'list', '--all']], ['get', ['tags', 'get', '1']]])('%s after a 403 with no content type: exit 3, one line, no retry', async (_, args) => {
    h.sandbox.addFaults({kind: '403', method: 'GET'})
    const result = await run(args)
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^Error: GET \/tags\S* failed \(403\): You are not authorized.*ac auth status.*\n$/)
    expect(h.sandbox.requests).toHaveLength(1)
  })

  it('gives up on a read after --retries, within a bounded time, exit 1, saying how long it tried', async () => {
    await h.control('POST', '/faults', {spec: '503@GET/tags,seed=1'})
    const started = Date.now()
    const result = await run(['tags', 'list', '--retries', '2'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Error: GET \/tags failed \(503\) after 3 attempts over \d+\.\d s: Service Unavailable/)
    expect(h.sandbox.requests).toHaveLength(3)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('a hanging read is abandoned after --timeout and retried', async () => {
    h.sandbox.addFaults({kind: 'hang', method: 'GET', path: '/tags', times: 2})
    const started = Date.now()
    const result = await run(['tags', 'list', '--json', '--timeout', '1'], {AC_TIMEOUT: ''})
    expect(result.code, result.stderr).toBe(0)
    expect(h.sandbox.requests.map((request) => request.status)).toEqual([0, 0, 200])
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000)
  })
})

describe('create: a POST is never applied twice', () => {
  // A command's create is settled by the record's natural key (src/lib/once/): a lost answer
  // is looked up, found means created, not found means sent once more.
  // [kind, exit code, tags that exist afterwards, POSTs sent]
  const settled: Array<[FaultKind, number, number, number]> = [
    ['429', 0, 1, 2], // the server cannot have acted: re-sent
    ['slow', 0, 1, 1],
    ['502', 0, 1, 2], // the gateway failed: not found by name and type, so re-sent
    ['503', 0, 1, 2],
    ['504', 0, 1, 2],
    ['reset-before', 0, 1, 2],
    ['hang', 0, 1, 2],
    ['reset-after', 0, 1, 1], // applied, answer lost: found by name and type, not re-sent
    ['truncated', 0, 1, 1],
    ['malformed', 0, 1, 1],
    ['403', 3, 0, 1],
  ]
  // `ac api` sends a raw request: it knows no natural key, so a lost answer stays "may or may not".
  const raw: Array<[FaultKind, number, number, number]> = [
    ['429', 0, 1, 2],
    ['502', 1, 0, 1],
    ['503', 1, 0, 1],
    ['504', 1, 0, 1],
    ['reset-before', 1, 0, 1],
    ['hang', 1, 0, 1],
    ['reset-after', 1, 1, 1],
    ['truncated', 1, 1, 1],
    ['malformed', 1, 1, 1],
  ]

  it.each(settled)('tags create after a %s: exit %i, %i tag, %i POST', async (kind, code, tags, posts) => {
    h.sandbox.addFaults(once(kind, 'POST', '/tags'))
    const result = await run(['tags', 'create', '--tag', `made-${kind}`, '--tag-type', 'contact', '--json'])
    expect(result.code, result.stderr).toBe(code)
    expect(await tagsNamed(`made-${kind}`)).toHaveLength(tags)
    expect(h.requestLines().filter((line) => line === 'POST /tags')).toHaveLength(posts)
    if (code === 0) expect(JSON.parse(result.stdout)).toMatchObject({tag: `made-${kind}`})
    // Found after a lost answer: one line on stderr says so.
    if (code === 0 && posts === 1 && kind !== 'slow') expect(result.stderr).toMatch(/^The answer to POST \/tags was lost \(.*\); tag \d+ was found by its name and type: it was created\n$/)
  })

  it.each(raw)('ac api POST after a %s: exit %i, %i tag, %i POST', async (kind, code, tags, posts) => {
    h.sandbox.addFaults(once(kind, 'POST', '/tags'))
    const result = await run(['api', 'POST', '/tags', '-f', `tag[tag]=api-${kind}`, '-f', 'tag[tagType]=contact'])
    expect(result.code, result.stderr).toBe(code)
    expect(await tagsNamed(`api-${kind}`)).toHaveLength(tags)
    expect(h.requestLines().filter((line) => line === 'POST /tags')).toHaveLength(posts)
    if (code === 1) {
      // One line saying what is not known, and what to do.
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/^Error: POST \/tags .*It may or may not have been applied: check before sending it again\n$/)
    }
  })

  it('contacts sync (an upsert) is re-sent after a reset after acting: one contact', async () => {
    h.sandbox.addFaults(once('reset-after', 'POST', '/contact/sync'))
    const result = await run(['contacts', 'sync', '--email', 'upsert@example.com', '--first-name', 'Up', '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect(h.requestLines().filter((line) => line === 'POST /contact/sync')).toHaveLength(2)
    const {contacts} = await h.api('/contacts?email=upsert%40example.com')
    expect(contacts).toHaveLength(1)
  })
})

describe('delete', () => {
  it.each(transient)('tags delete after a %s: gone, exit 0', async (kind) => {
    const {tags: [id]} = await h.control('POST', '/seed', {tags: [{tag: `gone-${kind}`, tagType: 'contact'}]})
    h.sandbox.clearRequests()
    h.sandbox.addFaults(once(kind, 'DELETE', '/tags/*'))
    const result = await run(['tags', 'delete', id, '--yes'])
    expect(result.code, result.stderr).toBe(0)
    expect(await tagsNamed(`gone-${kind}`)).toHaveLength(0)
  })

  it('tags delete after a 403: still there, exit 3', async () => {
    const {tags: [id]} = await h.control('POST', '/seed', {tags: [{tag: 'kept-403', tagType: 'contact'}]})
    h.sandbox.addFaults(once('403', 'DELETE', '/tags/*'))
    const result = await run(['tags', 'delete', id, '--yes'])
    expect(result.code).toBe(3)
    expect(await tagsNamed('kept-403')).toHaveLength(1)
  })
})
