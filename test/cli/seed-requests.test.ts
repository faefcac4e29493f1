import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// How many requests seed apply spends finding records again by their natural keys, read off
// the sandbox's request log: a collection with several records in the fixture is listed once,
// what points at a record this apply created is not looked up at all, and neither shortcut may
// cost a guarantee (apply twice creates once; a lost answer is settled by asking the server).

const h = useHarness()
const origin = () => h.sandbox.url.replace(/\/api\/3$/, '')

let dir: string
beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.clearRequests()
  dir = mkdtempSync(join(h.configDir, 'seed-requests-'))
})

type Outcome = {resource: string; name: string; id: string; action: string}

async function apply(text: string, env: Record<string, string> = {}): Promise<Outcome[]> {
  const file = join(dir, 'fixture.yml')
  writeFileSync(file, text)
  const run = await h.ac(['seed', 'apply', file, '--json'], {env})
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as Outcome[]
}

const gets = (path: string | RegExp) => h.sandbox.requests.filter((request) => request.method === 'GET' && (typeof path === 'string' ? request.path === path : path.test(request.path)))
const posts = (path: string) => h.sandbox.requests.filter((request) => request.method === 'POST' && request.path === path)
const mutations = () => h.sandbox.requests.filter((request) => request.method !== 'GET')
const tags = (names: string[]) => `tags:\n${names.map((name, index) => `  t${index}: {tag: ${name}}`).join('\n')}\n`
const range = (count: number, name: (index: number) => string) => Array.from({length: count}, (_, index) => name(index))

async function seedTags(count: number): Promise<string[]> {
  const response = await fetch(`${origin()}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({tags: range(count, (index) => ({tag: `old ${index}`}))})})
  expect(response.ok).toBe(true)
  return ((await response.json()) as {tags: string[]}).tags
}

describe('seed apply looks records up in few requests', () => {
  it('ten tags: one list request instead of ten searches; a second apply finds them all in it and creates nothing', async () => {
    const fixture = tags(range(10, (index) => `Tag ${index}`))
    const first = await apply(fixture)
    expect(first.map((outcome) => outcome.action)).toEqual(range(10, () => 'created'))
    expect(gets('/tags').map((request) => request.query.search)).toEqual([undefined])
    expect(posts('/tags')).toHaveLength(10)

    h.sandbox.clearRequests()
    const second = await apply(fixture)
    expect(second.map((outcome) => outcome.action)).toEqual(range(10, () => 'reused'))
    expect(second.map((outcome) => outcome.id)).toEqual(first.map((outcome) => outcome.id))
    expect(gets('/tags')).toHaveLength(1)
    expect(mutations()).toEqual([])
  })

  it('a contact’s tags and lists are not looked up when apply has just created the contact; an existing contact’s are, in one request for all its tags', async () => {
    await h.ac(['tags', 'create', '--tag', 'VIP'])
    await h.ac(['tags', 'create', '--tag', 'Beta'])
    await h.ac(['contacts', 'create', '--email', 'carol@example.com'])
    await h.ac(['contacts', 'tag', 'carol@example.com', '--tag', 'VIP'])
    h.sandbox.clearRequests()
    const fixture = `
tags:
  vip: {tag: VIP}
  beta: {tag: Beta}
lists:
  news: {name: Newsletter}
contacts:
  alice: {email: alice@example.com, tags: [vip], lists: [news]}
  bob: {email: bob@example.com, tags: [vip]}
  carol: {email: carol@example.com, tags: [vip, beta]}
`
    const first = await apply(fixture)
    const action = (outcomes: Outcome[], name: string) => outcomes.find((outcome) => outcome.name === name)?.action
    const carol = first.find((outcome) => outcome.name === 'carol')!.id
    // Only carol existed before: only her tags are asked for, once for both; VIP is already on her.
    expect(gets(/^\/contacts\/\d+\/contact(Tags|Lists)$/).map((request) => request.path)).toEqual([`/contacts/${carol}/contactTags`])
    expect([action(first, 'carol.tags.vip'), action(first, 'carol.tags.beta')]).toEqual(['reused', 'created'])
    expect([action(first, 'alice.tags.vip'), action(first, 'alice.lists.news'), action(first, 'bob.tags.vip')]).toEqual(['created', 'created', 'created'])
    expect(posts('/contactTags')).toHaveLength(3)

    h.sandbox.clearRequests()
    const second = await apply(fixture)
    expect(second.every((outcome) => outcome.action === 'reused')).toBe(true)
    expect(gets(/^\/contacts\/\d+\/contactTags$/)).toHaveLength(3)
    expect(mutations()).toEqual([])
  })

  it('contacts whose emails share a part are listed with one email_like request, and one that exists is reused', async () => {
    const bob = JSON.parse((await h.ac(['contacts', 'create', '--email', 'bob+r7@example.com', '--json'])).stdout).id
    h.sandbox.clearRequests()
    const outcomes = await apply(`contacts:\n${['ann', 'bob', 'cy'].map((name) => `  ${name}: {email: ${name}+r7@example.com}`).join('\n')}\n`)
    expect(gets('/contacts').map((request) => request.query)).toEqual([expect.objectContaining({email_like: '+r7@example.com'})])
    expect(outcomes.map((outcome) => [outcome.name, outcome.action])).toEqual([['ann', 'created'], ['bob', 'reused'], ['cy', 'created']])
    expect(outcomes[1].id).toBe(bob)
    expect(posts('/contacts')).toHaveLength(2)
  })

  it('a collection too big to list costs one page, and the records it did not hold are searched one by one', async () => {
    const ids = await seedTags(250)
    const outcomes = await apply(tags(['old 200', 'brand new']))
    // The first page (100 of 250) holds neither; listing the rest would take 2 more requests, as many as searching.
    expect(gets('/tags').map((request) => request.query.search ?? `offset ${request.query.offset}`)).toEqual(['offset 0', 'old 200', 'brand new'])
    expect(outcomes.map((outcome) => outcome.action)).toEqual(['reused', 'created'])
    expect(outcomes[0].id).toBe(ids[200])
  })

  it('a big collection is listed whole when that takes fewer requests than searching', async () => {
    const ids = await seedTags(250)
    const names = [...range(5, (index) => `old ${index}`), ...range(10, (index) => `old ${150 + index}`), ...range(5, (index) => `new ${index}`)]
    const outcomes = await apply(tags(names))
    expect(gets('/tags').map((request) => [request.query.search, request.query.offset])).toEqual([[undefined, '0'], [undefined, '100'], [undefined, '200']])
    expect(outcomes.map((outcome) => outcome.action)).toEqual([...range(15, () => 'reused'), ...range(5, () => 'created')])
    expect(outcomes.slice(5, 15).map((outcome) => outcome.id)).toEqual(ids.slice(150, 160))
  })

  it('a create whose answer was lost is settled by asking the server again, not by the list read before it', async () => {
    await fetch(`${origin()}/__sandbox/faults`, {method: 'POST', body: JSON.stringify({spec: 'reset-after:every=4@POST/tags,seed=1'})})
    const names = range(10, (index) => `Tag ${index}`)
    const outcomes = await apply(tags(names), {AC_RETRY_BASE_MS: '10'})
    await fetch(`${origin()}/__sandbox/faults`, {method: 'DELETE'})
    expect(h.sandbox.requests.filter((request) => request.fault === 'reset-after')).toHaveLength(2)
    // The two lost answers: each looked up by its name after the list, found, and not sent again.
    expect(gets('/tags').filter((request) => request.query.search !== undefined)).toHaveLength(2)
    expect(posts('/tags')).toHaveLength(10)
    expect(outcomes.every((outcome) => outcome.action === 'created')).toBe(true)
    const state = JSON.parse(readFileSync(join(dir, 'fixture.state.json'), 'utf8')) as {records: Array<{id: string; uncertain?: boolean}>}
    expect(state.records.map((entry) => entry.id).sort()).toEqual(outcomes.map((outcome) => outcome.id).sort())
  })
})
