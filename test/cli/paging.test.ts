import {spawn} from 'node:child_process'

import {beforeAll, beforeEach, describe, expect, it} from 'vitest'

import type {LoggedRequest} from '../../src/lib/sandbox/server.js'
import {type Harness, useHarness} from '../helpers.js'

// --limit, --offset and --all against a sandbox holding 1,050 contacts, 250 tags and 200
// deals, checked both in what is printed and in the requests the sandbox received.

const h: Harness = useHarness()
const origin = () => h.sandbox.url.replace(/\/api\/3$/, '')

let contactIds: string[] = []
let tagIds: string[] = []
let dealIds: string[] = []

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${origin()}/__sandbox${path}`, {method, body: body === undefined ? undefined : JSON.stringify(body)})
  expect(response.ok).toBe(true)
  return response.json()
}

function gets(path: string): LoggedRequest[] {
  return h.sandbox.requests.filter((request) => request.method === 'GET' && request.path === path)
}

function ids(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{id: string}>).map((record) => record.id)
}

const range = (count: number, from = 1) => Array.from({length: count}, (_, i) => from + i)

/**
 * Runs the CLI and notes, for each line of stdout as it reaches us, how many requests the
 * sandbox (in this process) had answered by then: what was printed before what was answered.
 */
function watchAc(args: string[], env: Record<string, string>): Promise<{code: number; lines: Array<{id: string; answered: number}>; stderr: string}> {
  const bin = new URL('../../bin/run.js', import.meta.url).pathname
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {env: {...h.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    const lines: Array<{id: string; answered: number}> = []
    let partial = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      const answered = h.sandbox.requests.length
      const text = partial + chunk.toString('utf8')
      const complete = text.split('\n')
      partial = complete.pop()!
      for (const line of complete) lines.push({id: (JSON.parse(line) as {id: string}).id, answered})
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      expect(stderr).not.toContain(h.sandbox.token)
      resolve({code: code ?? 1, lines, stderr})
    })
  })
}

beforeAll(async () => {
  const seeded = await control('POST', '/seed', {
    contacts: range(1050).map((i) => ({email: `person${i}@example.com`, firstName: `P${i}`})),
    tags: range(250).map((i) => ({tag: `tag-${i}`, tagType: 'contact'})),
  })
  contactIds = seeded.contacts
  tagIds = seeded.tags
  dealIds = (await control('POST', '/seed', {
    deals: range(200).map((i) => ({title: `Deal ${i}`, value: String(i * 100), currency: 'usd', contact: contactIds[0]})),
  })).deals
  expect(contactIds).toHaveLength(1050)
  expect(tagIds).toHaveLength(250)
  expect(dealIds).toHaveLength(200)
}, 60_000)

beforeEach(async () => {
  await control('DELETE', '/faults')
  h.sandbox.clearRequests()
})

describe('--limit and --offset', () => {
  it('contacts list returns 20 records in one request by default', async () => {
    const run = await h.ac(['contacts', 'list', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds.slice(0, 20))
    expect(h.sandbox.requests).toHaveLength(1)
    expect(h.sandbox.requests[0].query.limit).toBe('20')
  })

  it('--limit 150 returns 150 records in two requests (100 + 50)', async () => {
    const run = await h.ac(['contacts', 'list', '--limit', '150', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds.slice(0, 150))
    expect(gets('/contacts').map((request) => request.query.limit)).toEqual(['100', '50'])
  })

  it('--offset 1040 --limit 50 returns the last 10 records in one request', async () => {
    const run = await h.ac(['contacts', 'list', '--offset', '1040', '--limit', '50', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds.slice(1040))
    expect(h.sandbox.requests).toHaveLength(1)
    expect(h.sandbox.requests[0].query).toMatchObject({offset: '1040', limit: '50'})
  })
})

describe('--all', () => {
  it('contacts: all 1,050 in 11 requests: the top page first (printed last), then id windows below it side by side', async () => {
    const run = await h.ac(['contacts', 'list', '--all', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds)
    const requests = gets('/contacts')
    expect(requests).toHaveLength(11)
    expect(h.sandbox.requests).toHaveLength(11)
    // The top page says the highest id and how many there are: no request of its own for them.
    expect(requests[0].query).toMatchObject({'orders[id]': 'DESC', id_greater: '0', limit: '100'})
    const below = requests.slice(1)
    for (const request of below) {
      expect(request.query['orders[id]']).toBe('ASC')
      expect(request.query).not.toHaveProperty('offset')
      // Each window is bounded above, below the top page, and pages inside it go by id_greater.
      expect(Number(request.query.id_less)).toBeGreaterThan(Number(request.query.id_greater))
      expect(Number(request.query.id_less)).toBeLessThanOrEqual(951)
    }

    // No page is fetched twice, and the windows' pages hold every record once.
    const starts = below.map((request) => `${request.query.id_greater}<${request.query.id_less}`)
    expect(new Set(starts).size).toBe(starts.length)
    expect(below.map((request) => Number(request.query.limit)).reduce((sum, limit) => sum + limit, 0)).toBe(950)
  })

  it('contacts --all of exactly 100 (--id-greater 950): one request, no empty page after it', async () => {
    const run = await h.ac(['contacts', 'list', '--all', '--id-greater', '950', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds.slice(950))
    expect(gets('/contacts').map((request) => request.query)).toEqual([expect.objectContaining({'orders[id]': 'DESC', id_greater: '950', limit: '100'})])
  })

  it('contacts --all when the top page comes back in id order, not the order asked: starts again in id order', async () => {
    const wrongWay = range(100).map((i) => ({id: String(i), email: `person${i}@example.com`}))
    h.sandbox.addFaults({method: 'GET', path: '/contacts', status: 200, body: {contacts: wrongWay, meta: {total: '1050'}}})
    const run = await h.ac(['contacts', 'list', '--all', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds)
    const queries = gets('/contacts').map((request) => request.query)
    expect(queries[0]).toMatchObject({'orders[id]': 'DESC'})
    expect(queries[1]).toMatchObject({'orders[id]': 'ASC', id_greater: '0', limit: '100'})
  })

  it('contacts --all of 350 (--id-greater 700): the top page, then the 250 below it in id order', async () => {
    const run = await h.ac(['contacts', 'list', '--all', '--id-greater', '700', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toEqual(contactIds.slice(700))
    const queries = gets('/contacts').map((request) => request.query)
    expect(queries.map((query) => [query['orders[id]'], query.id_greater, query.id_less, query.limit])).toEqual([
      ['DESC', '700', undefined, '100'],
      ['ASC', '700', '951', '100'],
      ['ASC', '800', '951', '100'],
      ['ASC', '900', '951', '50'],
    ])
  })

  it('contacts --all with one window or less left (450 past --offset 600): page by page, no look at the highest id', async () => {
    const run = await h.ac(['contacts', 'list', '--all', '--offset', '600', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds.slice(600))
    const queries = gets('/contacts').map((request) => request.query)
    expect(queries.map((query) => query.id_greater ?? `offset ${query.offset}`)).toEqual(['offset 600', '700', '800', '900', '1000'])
    expect(queries.every((query) => query['orders[id]'] === 'ASC')).toBe(true)
  })

  it('contacts --limit 850: only the windows that hold them, the last page cut to size', async () => {
    const run = await h.ac(['contacts', 'list', '--limit', '850', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toEqual(contactIds.slice(0, 850))
    const queries = gets('/contacts').map((request) => request.query)
    // The first page, the highest id, and the two windows (100, 500] and (500, 900]: 4 pages
    // each, the last of 50. Nothing is asked of the windows past them.
    expect(queries).toHaveLength(10)
    expect(queries.filter((query) => Number(query.id_greater) >= 900)).toEqual([])
    expect(queries.map((query) => Number(query.limit)).reduce((sum, limit) => sum + limit, 0)).toBe(850 + 1)
  })

  it('contacts --all --offset 5: the first page by offset, every later one by id_greater', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'list', '--all', '--offset', '5', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(ids(run.stdout)).toEqual(contactIds.slice(5))
    const queries = gets('/contacts').map((request) => request.query)
    expect(queries[0]).toMatchObject({offset: '5', 'orders[id]': 'ASC'})
    const later = queries.slice(1).filter((query) => query['orders[id]'] === 'ASC')
    expect(later.every((query) => query.offset === undefined && query.id_greater !== undefined)).toBe(true)
    expect(queries.filter((query) => query['orders[id]'] === 'DESC')).toHaveLength(1)
  })

  it('contacts -o ndjson --all streams one line per record, 1,050 lines', async () => {
    const run = await h.ac(['contacts', 'list', '--all', '-o', 'ndjson'])
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1050)
    const seen = lines.map((line) => (JSON.parse(line) as {id: string}).id)
    expect(new Set(seen).size).toBe(1050)
    expect(seen.at(-1)).toBe(contactIds.at(-1))
  })

  it('tags: all 250 by limit/offset in 3 requests, stopping on meta.total', async () => {
    const run = await h.ac(['tags', 'list', '--all', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual(tagIds)
    const requests = gets('/tags')
    expect(h.sandbox.requests).toHaveLength(3)
    expect(requests.map((request) => request.query.offset).sort((a, b) => Number(a) - Number(b))).toEqual(['0', '100', '200'])
    for (const request of requests) {
      expect(request.query).not.toHaveProperty('id_greater')
      expect(Number(request.query.limit)).toBeLessThanOrEqual(100)
    }
  })

  it('deals: a numeric meta.total (200, a whole number of pages) stops after 2 requests', async () => {
    const direct = await fetch(`${h.sandbox.url}/deals?limit=1`, {headers: {'Api-Token': h.sandbox.token}})
    expect((await direct.json()).meta.total).toBe(200)
    h.sandbox.clearRequests()

    const run = await h.ac(['deals', 'list', '--all', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual(dealIds)
    expect(gets('/deals')).toHaveLength(2)
  })
})

describe('contacts --all streams', () => {
  it('under --limit, the look at the highest id and the first window\'s first page go out together', async () => {
    // The first page is answered; the next request (the highest id, asked first) hangs until
    // the CLI gives up on it (AC_TIMEOUT) and asks again. The next page is not waiting for it.
    h.sandbox.addFaults({method: 'GET', path: '/contacts'}, {method: 'GET', path: '/contacts', kind: 'hang'})
    const run = await h.ac(['contacts', 'list', '--limit', '1050', '-o', 'ndjson'], {env: {AC_TIMEOUT: '1', AC_RETRY_BASE_MS: '1'}})
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toEqual(contactIds)
    const log = h.sandbox.requests
    const highest = log.findIndex((request) => request.query['orders[id]'] === 'DESC' && request.status === 200)
    const next = log.findIndex((request) => request.query['orders[id]'] === 'ASC' && request.query.id_greater === '100')
    expect(highest).toBeGreaterThan(0)
    // Received (answered, or hanging in its place) before the highest id was answered.
    expect(next).toBeGreaterThan(0)
    expect(next).toBeLessThan(highest)
  })

  it('a window prints each page as it lands, not once all its pages are in', async () => {
    // Paced as against the real API (5 requests a second), windows take seconds: what reached
    // stdout can be set against what the sandbox had answered by then.
    const run = await watchAc(['contacts', 'list', '--all', '-o', 'ndjson'], {AC_RATE_LIMIT: '5'})
    expect(run.code, run.stderr).toBe(0)
    expect(run.lines.map((line) => line.id)).toEqual(contactIds)
    const log = h.sandbox.requests
    // Below the top page (951-1050), the first window is (0, 400]: its last page is asked from id 300.
    const lastOfFirst = log.findIndex((request) => request.query.id_greater === '300')
    expect(lastOfFirst).toBeGreaterThan(0)
    expect(log[lastOfFirst].query.id_less).toBe('401')
    // Records 1-300 came in its first three pages: printed before the fourth was answered.
    const early = run.lines.slice(0, 300)
    expect(early.map((line) => line.answered).every((answered) => answered <= lastOfFirst)).toBe(true)
  })
})

describe('short pages', () => {
  const tagPage = (from: number, count: number, meta: Record<string, unknown>) => ({
    status: 200,
    body: {tags: range(count, from).map((i) => ({id: String(i), tag: `fake-${i}`, tagType: 'contact'})), meta},
  })

  it('stops on a short first page even when meta.total promises more', async () => {
    h.sandbox.addFaults({method: 'GET', path: '/tags', ...tagPage(1, 40, {total: '250'})})
    const run = await h.ac(['tags', 'list', '--all', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toHaveLength(40)
    expect(h.sandbox.requests).toHaveLength(1)
  })

  it('without meta.total, asks page by page and stops on the first short one', async () => {
    h.sandbox.addFaults(
      {method: 'GET', path: '/tags', ...tagPage(1, 100, {})},
      {method: 'GET', path: '/tags', ...tagPage(101, 30, {})},
    )
    const run = await h.ac(['tags', 'list', '--all', '--json'])
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual(range(130).map(String))
    expect(h.sandbox.requests).toHaveLength(2)
  })

  it('a short page in the middle ends the list there: nothing after it is printed', async () => {
    h.sandbox.addFaults(
      {method: 'GET', path: '/tags', ...tagPage(1, 100, {total: '250'})},
      {method: 'GET', path: '/tags', ...tagPage(101, 60, {total: '250'})},
    )
    const run = await h.ac(['tags', 'list', '--all', '-o', 'ndjson'])
    expect(run.code).toBe(0)
    const seen = run.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as {id: string}).id)
    expect(seen).toEqual(range(160).map(String))
  })
})
