import {beforeAll, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// Under --limit, the first window's first page is asked before the windows are known (beside
// the look at the highest id), unbounded above. Where the ids just past the first page are
// sparse, it reaches past the first window: what lies beyond belongs to the next window,
// which asks for it again, and nothing may be printed twice or lost. --all, from the top
// page down, must hold the same records in the same order.

const h = useHarness()
let seeded: string[] = []

beforeAll(async () => {
  // Ids 1-100 (the first page), then one id in 20 up to 1000, then 1001-2000 dense.
  const ids = [...Array.from({length: 100}, (_, i) => i + 1), ...Array.from({length: 45}, (_, i) => 120 + 20 * i), ...Array.from({length: 1000}, (_, i) => 1001 + i)]
  const contacts = ids.map((id) => ({id: String(id), email: `edge-${id}@example.com`}))
  const response = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({contacts})})
  seeded = ((await response.json()) as {contacts: string[]}).contacts
  expect(seeded).toHaveLength(1145)
})

describe('contacts --all, sparse ids past the first page', () => {
  it('the first window\'s first page reaches past the window: each record printed once, in id order', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'list', '--limit', '2000', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toEqual(seeded)

    const queries = h.sandbox.requests.map((request) => request.query)
    const lead = queries.filter((query) => query['orders[id]'] === 'ASC' && query.id_greater === '100')
    expect(lead).toEqual([expect.not.objectContaining({id_less: expect.anything()})])
    // 1,045 records past the first page, in windows of about 400: (100, 828] holds 36 (all in
    // the lead page, which also brought 64 of the next window), (828, 1556] 565 in 6 pages,
    // (1556, 2000] 444 in 5. With the first page and the highest id: 14 requests, as many as
    // when the first window's page was bounded.
    expect(queries).toHaveLength(14)
    const bounded = queries.filter((query) => query.id_less !== undefined)
    expect(new Set(bounded.map((query) => query.id_greater)).size).toBe(bounded.length)
  })

  it('--all: each record once, in id order, no more requests than pages and windows need', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'list', '--all', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toEqual(seeded)
    // 1,145 records: 12 pages at best, and each of the 3 windows below the top page may end on a short one.
    expect(h.sandbox.requests.length).toBeLessThanOrEqual(12 + 3)
  })

  it('--limit 700 stops inside the second window, in order', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'list', '--limit', '700', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toEqual(seeded.slice(0, 700))
  })
})
