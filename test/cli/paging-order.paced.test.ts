import {mkdtempSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// Paced, contacts --all asks its windows' pages in the order they are printed: each turn of
// the pacer goes to the page printed soonest that is ready to be asked. Asked in turn, window
// after window (as they were), the pages of the windows ahead waited in memory for seconds,
// long enough for V8 to promote each one out of its young generation: a long export grew.
// The last four windows go side by side, as before, so that the list does not end on one
// window alone, a round trip a page.

const h = useHarness()

describe('contacts --all at 5 requests a second', () => {
  it('asks the pages below the top one in the order they print, with no 429', async () => {
    const contacts = Array.from({length: 3000}, (_, index) => ({email: `order-${index}@example.com`}))
    const response = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({contacts})})
    expect(response.status).toBe(201)
    h.sandbox.configure({rateLimit: 5, latencyMs: 0})
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'list', '--all', '-o', 'ndjson'], {env: {AC_RATE_LIMIT: undefined, AC_BUDGET_DIR: mkdtempSync(join(h.configDir, 'budget-'))}})
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n')).toHaveLength(3000)
    const [top, ...below] = h.sandbox.requests
    expect(top.query['orders[id]']).toBe('DESC')
    expect(h.sandbox.requests.filter((request) => request.status === 429)).toHaveLength(0)
    // Eight windows of four pages below the top page; the first four asked 0, 100, 200, ...
    // not 0, 400, 800, 1200, 100, ...
    const starts = below.map((request) => Number(request.query.id_greater))
    expect(starts).toHaveLength(29)
    expect(starts.slice(0, 16)).toEqual(Array.from({length: 16}, (_, index) => index * 100))
  })
})
