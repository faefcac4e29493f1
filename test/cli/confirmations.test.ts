import {beforeAll, describe, expect, it} from 'vitest'

import {onTerminal, useHarness} from '../helpers.js'

// A delete's question says what goes and what hangs on it; with --yes, or where it refuses,
// not one request more is made for it.

const h = useHarness()
const ids: Record<string, string> = {}

async function made(args: string[]): Promise<string> {
  const run = await h.ac([...args, '--json'])
  expect(run.code, run.stderr).toBe(0)
  return String(JSON.parse(run.stdout).id)
}

beforeAll(async () => {
  ids.ann = await made(['contacts', 'create', '--email', 'ann@example.com', '--first-name', 'Ann', '--last-name', 'Lee'])
  ids.bob = await made(['contacts', 'create', '--email', 'bob@example.com'])
  ids.pipeline = await made(['deals', 'pipelines', 'create', '--title', 'Sales', '--currency', 'usd'])
  ids.stage = await made(['deals', 'stages', 'create', '--title', 'New', '--group', ids.pipeline])
  ids.deal = await made(['deals', 'create', '--title', 'Renewal', '--value', '120000', '--currency', 'usd', '--contact', ids.ann, '--stage', ids.stage])
  ids.list = await made(['lists', 'create', '--name', 'Newsletter', '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up'])
  for (const contact of ['ann@example.com', 'bob@example.com']) expect((await h.ac(['contacts', 'subscribe', contact, '--list', 'Newsletter'])).code).toBe(0)
  ids.tag = await made(['tags', 'create', '--tag', 'VIP'])
  expect((await h.ac(['contacts', 'tag', 'ann@example.com', '--tag', 'VIP'])).code).toBe(0)
})

describe('confirmations that say what goes', () => {
  it.each([
    ['deal', () => ['deals', 'delete', ids.deal], () => `Delete deal ${ids.deal} "Renewal" (1,200.00 USD, ann@example.com)?`, () => [`GET /deals/${ids.deal}`, `GET /contacts/${ids.ann}`]],
    ['list', () => ['lists', 'delete', ids.list], () => `Delete list ${ids.list} "Newsletter" with 2 subscribers?`, () => [`GET /lists/${ids.list}`]],
    ['tag', () => ['tags', 'delete', 'VIP'], () => `Delete tag ${ids.tag} "VIP" on 1 contact?`, () => ['GET /tags', `GET /tags/${ids.tag}`]],
    ['pipeline', () => ['deals', 'pipelines', 'delete', ids.pipeline], () => `Delete pipeline ${ids.pipeline} "Sales" with 1 deal?`, () => [`GET /dealGroups/${ids.pipeline}`, 'GET /deals']],
    ['contact', () => ['contacts', 'delete', ids.ann], () => `Delete contact ${ids.ann} ann@example.com (Ann Lee)?`, () => [`GET /contacts/${ids.ann}`]],
  ])('a %s: named, with what hangs on it; "no" deletes nothing', async (_what, args, question, reads) => {
    h.sandbox.clearRequests()
    const run = await onTerminal(args(), h.env, [['?', 'n\r']])
    expect(run.output).toContain(question())
    expect(run.code).toBe(2)
    expect(h.requestLines()).toEqual(reads())
  })

  it.each([
    ['deal', () => ['deals', 'delete', ids.deal, '--yes'], () => `DELETE /deals/${ids.deal}`],
    ['list', () => ['lists', 'delete', ids.list, '--yes'], () => `DELETE /lists/${ids.list}`],
  ])('a %s with --yes: no request but the delete', async (_what, args, only) => {
    h.sandbox.clearRequests()
    const run = await onTerminal(args(), h.env)
    expect(run.code, run.output).toBe(0)
    expect(h.requestLines()).toEqual([only()])
  })

  it('with --no-input on a terminal: refused like a script, nothing sent', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['tags', 'delete', ids.tag, '--no-input'], h.env)
    expect(run.code).toBe(2)
    expect(run.output).toMatch(/Refusing to delete tags \d+ without confirmation: not running interactively\. Pass --yes to confirm/)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('a delete without an id searches for the record, then says what goes', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'delete'], h.env, [['Which contact?', 'bob'], ['❯ bob@example.com', '\r'], ['Delete contact', 'y\r']])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain(`Delete contact ${ids.bob} bob@example.com?`)
    expect(run.output).toContain('Next time: ac contacts delete bob@example.com')
    expect(h.requestLines().filter((line) => !line.startsWith('GET'))).toEqual([`DELETE /contacts/${ids.bob}`])
  })
})
