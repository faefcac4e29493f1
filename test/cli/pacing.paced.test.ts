import {mkdtempSync} from 'node:fs'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import {runAc, useHarness} from '../helpers.js'

// Pacing against a sandbox that enforces a strict 5 requests per sliding second. These run
// after the rest of the suite, one file at a time (vitest.config.ts): what they measure is
// ac's pacing, which a machine busy with twenty other CLIs would blur. Even so, the sandbox
// stamps a request when its (shared, busy) event loop gets to it: a stall there makes two
// requests sent 200 ms apart look like a burst. So a run may meet one 429 (absorbed by the
// retry, nothing lost), never more; the accepted requests never exceed 5 in any second.
const stalls = 1

const h = useHarness()
const origin = () => h.sandbox.url.replace(/\/api\/3$/, '')
const limited = () => h.sandbox.requests.filter((request) => request.status === 429).length

async function seed(records: Record<string, unknown[]>): Promise<Record<string, string[]>> {
  const response = await fetch(`${origin()}/__sandbox/seed`, {method: 'POST', body: JSON.stringify(records)})
  expect(response.status).toBe(201)
  return (await response.json()) as Record<string, string[]>
}

/** No one-second window holds more than 5 accepted requests. */
function busiestSecond(): number {
  const times = h.sandbox.requests.filter((request) => request.status !== 429).map((request) => request.at).sort((a, b) => a - b)
  return Math.max(0, ...times.map((at, index) => times.slice(index).filter((later) => later < at + 1000).length))
}

beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.configure({rateLimit: false, latencyMs: 0})
  h.sandbox.clearRequests()
})

describe('pacing at 5 requests a second', () => {
  it('keeps `tags list --all` over 20 pages within 5 a second, so the API never answers 429', async () => {
    await seed({tags: Array.from({length: 2000}, (_, i) => ({tag: `paced-${i}`}))})
    h.sandbox.configure({rateLimit: 5})
    const run = await h.ac(['tags', 'list', '--all', '-o', 'ndjson'], {env: {AC_RATE_LIMIT: '5'}})
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(2000)
    expect(h.sandbox.requests).toHaveLength(20)
    expect(limited()).toBeLessThanOrEqual(stalls)
    expect(busiestSecond()).toBeLessThanOrEqual(5)
    const times = h.sandbox.requests.map((request) => request.at).sort((a, b) => a - b)
    // 19 intervals of 200 ms: paced, not bunched then held back.
    expect(times[19] - times[0]).toBeGreaterThanOrEqual(3700)
  }, 20_000)

  it('deletes 300 ids with several in flight at 5 a second: no 429, every record gone, near the ceiling', async () => {
    const {tags: ids} = await seed({tags: Array.from({length: 300}, (_, index) => ({tag: `t${index}`}))})
    h.sandbox.configure({rateLimit: 5})
    h.sandbox.clearRequests()
    const started = Date.now()
    const run = await h.ac(['tags', 'delete', '--ids-from', '-', '--yes'], {input: ids.join('\n'), env: {AC_RATE_LIMIT: undefined}, timeoutMs: 110_000})
    const seconds = (Date.now() - started) / 1000
    expect(run.code, run.stderr).toBe(0)
    expect(limited()).toBeLessThanOrEqual(stalls)
    expect(new Set(h.sandbox.requests.filter((request) => request.method === 'DELETE' && request.status === 200).map((request) => request.path)).size).toBe(300)
    expect(busiestSecond()).toBeLessThanOrEqual(5)
    // 300 requests at 5/s is 60 s; start-up and the last answer add a little.
    expect(300 / seconds).toBeGreaterThan(4.5)
  }, 120_000)
})

describe('one budget for the account, shared by every ac process on the machine', () => {
  async function twoAtOnce(env: Record<string, string>) {
    await seed({tags: Array.from({length: 1500}, (_, index) => ({tag: `budget-${index}`}))})
    h.sandbox.configure({rateLimit: 5})
    h.sandbox.clearRequests()
    // Paced at 5 req/s each (AC_RATE_LIMIT unset), as in CI; retries absorb any 429.
    const base = {...h.env, AC_RATE_LIMIT: undefined, ...env}
    const runs = await Promise.all([0, 1].map(() => runAc(['tags', 'list', '--limit', '1000', '-o', 'ndjson'], base)))
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout.trim().split('\n')).toHaveLength(1000)
    }
  }

  it('two processes listing at once keep to 5 a second together: no 429 beyond a stall', async () => {
    await twoAtOnce({AC_BUDGET_DIR: mkdtempSync(join(h.configDir, 'budget-'))})
    expect(limited()).toBeLessThanOrEqual(stalls)
    expect(h.sandbox.requests.filter((request) => request.status === 200)).toHaveLength(20)
    expect(busiestSecond()).toBeLessThanOrEqual(5)
  }, 30_000)

  it('without it (AC_SHARED_BUDGET=0) the same two processes trip the limit; retries still deliver everything', async () => {
    await twoAtOnce({AC_SHARED_BUDGET: '0'})
    // Twice the budget between them: several 429s, where sharing meets at most a stall's one.
    expect(limited()).toBeGreaterThan(stalls + 1)
  }, 30_000)
})
