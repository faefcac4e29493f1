import {beforeEach, describe, expect, it} from 'vitest'

import {type Harness, useHarness} from '../helpers.js'

// Retries (what is retried, how long it waits, when it gives up), client-side pacing to the
// account's 5 req/s, and the --debug trace. The sandbox's request log is the witness.

const token = 'tok-Zq8-distinctive-7f3a9c41'
const h: Harness = useHarness({token})
const origin = () => h.sandbox.url.replace(/\/api\/3$/, '')

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${origin()}/__sandbox${path}`, {method, body: body === undefined ? undefined : JSON.stringify(body)})
  expect(response.ok).toBe(true)
  return response.json()
}

async function tagsNamed(name: string): Promise<unknown[]> {
  const response = await fetch(`${h.sandbox.url}/tags?search=${encodeURIComponent(name)}&limit=100`, {headers: {'Api-Token': token}})
  const {tags} = (await response.json()) as {tags: Array<{tag: string}>}
  return tags.filter((tag) => tag.tag === name)
}

const statuses = () => h.sandbox.requests.map((request) => request.status)

beforeEach(async () => {
  await control('DELETE', '/faults')
  h.sandbox.configure({rateLimit: false})
  h.sandbox.clearRequests()
})

describe('GET is retried', () => {
  const tooMany = {method: 'GET', path: '/tags', status: 429, body: {message: 'Too Many Requests'}, headers: {'Retry-After': '1'}}

  it('after a 429, waiting the Retry-After (1 s) before the retry', async () => {
    h.sandbox.addFaults(tooMany)
    const run = await h.ac(['tags', 'list', '--json'], {env: {AC_RATE_LIMIT: '5'}})
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
    expect(statuses()).toEqual([429, 200])
    const [first, second] = h.sandbox.requests
    expect(second.at - first.at).toBeGreaterThanOrEqual(900)
  })

  // Regression: Retry-After was honoured only through the pacer, which does nothing when
  // pacing is off, so the retry went out at once into another 429.
  it('after a 429, waiting the Retry-After even when client pacing is off (AC_RATE_LIMIT=0)', async () => {
    h.sandbox.addFaults(tooMany)
    const run = await h.ac(['tags', 'list', '--json'])
    expect(run.code).toBe(0)
    expect(statuses()).toEqual([429, 200])
    const [first, second] = h.sandbox.requests
    expect(second.at - first.at).toBeGreaterThanOrEqual(900)
  })

  it('after a 503, with backoff', async () => {
    h.sandbox.addFaults({method: 'GET', path: '/tags', status: 503, body: {message: 'Service Unavailable'}})
    const run = await h.ac(['tags', 'list', '--json'])
    expect(run.code).toBe(0)
    expect(statuses()).toEqual([503, 200])
    const [first, second] = h.sandbox.requests
    expect(second.at - first.at).toBeGreaterThanOrEqual(100)
  })

  it('after a connection reset', async () => {
    h.sandbox.addFaults({method: 'GET', path: '/tags', reset: true})
    const run = await h.ac(['tags', 'list', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
    expect(statuses()).toEqual([0, 200])
  })
})

describe('POST', () => {
  // `ac api` sends a raw request: nothing tells whether the record was made, so it is never re-sent.
  it('is not retried after a 503: one POST, exit 1', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', status: 503, body: {message: 'Service Unavailable'}, headers: {'Retry-After': '0'}, times: 5})
    const run = await h.ac(['api', 'POST', '/tags', '-f', 'tag[tag]=after-503', '-f', 'tag[tagType]=contact'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^Error: .*503/)
    expect(h.requestLines().filter((line) => line === 'POST /tags')).toHaveLength(1)
  })

  it('is not retried after a connection reset: one POST, exit 1', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', reset: true, times: 5})
    const run = await h.ac(['api', 'POST', '/tags', '-f', 'tag[tag]=after-reset', '-f', 'tag[tagType]=contact'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^Error: /)
    expect(h.requestLines().filter((line) => line === 'POST /tags')).toHaveLength(1)
  })

  it('a create with a natural key is sent again only after a look-up finds nothing, at most 3 times', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', status: 503, body: {message: 'Service Unavailable'}, headers: {'Retry-After': '0'}, times: 5})
    const run = await h.ac(['tags', 'create', '--tag', 'after-503', '--tag-type', 'contact'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^Error: POST \/tags failed \(503\).*\(not created after 4 attempts\)\. It may or may not have been applied: check with `ac tags list --search "after-503"` before sending it again\n$/)
    expect(h.requestLines().map((line) => line.replace(/\?.*$/, ''))).toEqual(Array.from({length: 4}, () => ['POST /tags', 'GET /tags']).flat())
    expect(await tagsNamed('after-503')).toHaveLength(0)
  })

  it('is retried after a 429: two POSTs, one record created', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', status: 429, body: {message: 'Too Many Requests'}, headers: {'Retry-After': '0'}})
    const run = await h.ac(['tags', 'create', '--tag', 'after-429', '--tag-type', 'contact', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({tag: 'after-429'})
    expect(h.requestLines()).toEqual(['POST /tags', 'POST /tags'])
    expect(statuses()).toEqual([429, 201])
    expect(await tagsNamed('after-429')).toHaveLength(1)
  })
})

describe('giving up', () => {
  it.each([
    ['503', {status: 503, body: {message: 'Service Unavailable'}}],
    ['429', {status: 429, body: {message: 'Too Many Requests'}}],
  ])('after a %s on every attempt: exit 1 after 1 + 4 retries = 5 requests', async (status, fault) => {
    h.sandbox.addFaults({method: 'GET', path: '/tags', ...fault, headers: {'Retry-After': '0'}, times: 20})
    const run = await h.ac(['tags', 'list'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(new RegExp(`^Error: GET /tags failed \\(${status}\\)`))
    expect(h.sandbox.requests).toHaveLength(5)
    expect(new Set(statuses())).toEqual(new Set([Number(status)]))
  })
})
