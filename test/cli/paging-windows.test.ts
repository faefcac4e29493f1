import {beforeAll, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// Contacts past the first page come in id windows fetched side by side: whatever the ids
// look like (gaps, a filter), every record comes once, in id order.

const h = useHarness()
let kept: string[] = []

beforeAll(async () => {
  const contacts = Array.from({length: 900}, (_, index) => ({email: `window-${index}@example.com`}))
  const response = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({contacts})})
  const ids = ((await response.json()) as {contacts: string[]}).contacts
  // Gaps: every third contact of the middle third is gone, and a run at the end.
  const gone = new Set([...ids.slice(300, 600).filter((_, index) => index % 3 === 0), ...ids.slice(800, 850)])
  for (const id of gone) await fetch(`${h.sandbox.url}/contacts/${id}`, {method: 'DELETE', headers: {'Api-Token': h.sandbox.token}})
  kept = ids.filter((id) => !gone.has(id))
})

const listed = (stdout: string) => stdout.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)

describe('contacts in id windows', () => {
  it('--all over ids with gaps: each record once, in id order', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'list', '--all', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(listed(run.stdout)).toEqual(kept)
    // Not one request more than the pages need, plus the look at the highest id.
    expect(h.sandbox.requests.length).toBeLessThanOrEqual(Math.ceil(kept.length / 100) + 1 + 4)
  })

  it('--limit stops at the limit, in order', async () => {
    const run = await h.ac(['contacts', 'list', '--limit', '450', '-o', 'ndjson'])
    expect(listed(run.stdout)).toEqual(kept.slice(0, 450))
  })

  it('a filter holds in every window (contacts with a tag)', async () => {
    const tag = JSON.parse((await h.ac(['tags', 'create', '--tag', 'Windowed', '--json'])).stdout).id
    const tagged = kept.filter((_, index) => index % 2 === 0)
    const links = tagged.map((contact) => ({contact, tag}))
    await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({contactTags: links})})
    const run = await h.ac(['contacts', 'list', '--all', '--tag', 'Windowed', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(listed(run.stdout)).toEqual(tagged)
  })
})
