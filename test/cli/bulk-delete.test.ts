import {mkdtempSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import {onTerminal, useHarness} from '../helpers.js'

const h = useHarness()

async function seed(records: Record<string, unknown[]>): Promise<Record<string, string[]>> {
  const response = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify(records)})
  expect(response.status).toBe(201)
  return (await response.json()) as Record<string, string[]>
}

async function seedTags(count: number, prefix = 't'): Promise<string[]> {
  return (await seed({tags: Array.from({length: count}, (_, index) => ({tag: `${prefix}${index}`}))})).tags
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(h.configDir, 'ids-')), name)
  writeFileSync(file, text)
  return file
}

const deletes = () => h.sandbox.requests.filter((request) => request.method === 'DELETE')
const deletedPaths = () => deletes().map((request) => request.path).sort()
const tagPaths = (ids: string[]) => ids.map((id) => `/tags/${id}`).sort()

beforeEach(async () => {
  // reset() keeps faults: one left unused by a test must not fail the next.
  await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/faults`, {method: 'DELETE'})
  h.sandbox.reset()
  h.sandbox.configure({rateLimit: 0, latencyMs: 0})
  h.sandbox.clearRequests()
})

describe('bulk delete: where the ids come from', () => {
  it('deletes every id given as an argument, each once', async () => {
    const ids = await seedTags(4)
    const run = await h.ac(['tags', 'delete', ...ids, ids[0], '--yes'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
    expect(deletedPaths()).toEqual(tagPaths(ids))
  })

  it('reads one id a line from --ids-from FILE, blank lines ignored', async () => {
    const ids = await seedTags(3)
    const file = tempFile('ids.txt', `${ids[0]}\n\n  ${ids[1]}\r\n${ids[2]}\n\n`)
    const run = await h.ac(['tags', 'delete', '--ids-from', file, '--yes', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({deleted: expect.arrayContaining(ids), alreadyGone: [], failed: []})
    expect(deletedPaths()).toEqual(tagPaths(ids))
  })

  it('takes the NDJSON of `ac tags list --all -o ndjson` on stdin', async () => {
    const ids = await seedTags(130)
    const listed = await h.ac(['tags', 'list', '--all', '-o', 'ndjson'])
    expect(listed.code).toBe(0)
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'delete', '--ids-from', '-', '--yes'], {input: listed.stdout})
    expect(run.code, run.stderr).toBe(0)
    expect(deletedPaths()).toEqual(tagPaths(ids))
    expect((await h.ac(['tags', 'list', '--json'])).stdout).toBe('[]\n')
  })

  it('takes the CSV of `ac tags list -o csv`, by its id column', async () => {
    const ids = await seedTags(3, 'with, comma ')
    const listed = await h.ac(['tags', 'list', '-o', 'csv', '--columns', 'tag,id'])
    expect(listed.stdout.split('\n')[0]).toBe('tag,id')
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'delete', '--ids-from', tempFile('tags.csv', listed.stdout), '--yes'])
    expect(run.code, run.stderr).toBe(0)
    expect(deletedPaths()).toEqual(tagPaths(ids))
  })

  it('a bad line is exit 2 naming its line number, and nothing is sent', async () => {
    const ids = await seedTags(2)
    const ndjson = `{"id":"${ids[0]}"}\n\n{"id":"${ids[1]}"\n`
    const run = await h.ac(['tags', 'delete', '--ids-from', '-', '--yes'], {input: ndjson})
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^Error: stdin line 3: not a JSON record/)
    const csv = await h.ac(['tags', 'delete', '--ids-from', tempFile('bad.csv', `id,tag\n${ids[0]},a\n,b\n`), '--yes'])
    expect(csv.code).toBe(2)
    expect(csv.stderr).toMatch(/bad\.csv line 3: the id column is empty/)
    const mixed = await h.ac(['contacts', 'delete', '--ids-from', '-', '--yes'], {input: '1\n2\n3,4\n'})
    expect(mixed.code).toBe(2)
    expect(mixed.stderr).toMatch(/stdin line 3: "3,4" is not one id/)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('an empty list piped in is nothing to delete: exit 0', async () => {
    const run = await h.ac(['tags', 'delete', '--ids-from', '-', '--yes'], {input: 'id,tag\n'})
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('Nothing to delete: no tags in stdin\n')
    expect(h.sandbox.requests).toHaveLength(0)
  })
})

describe('bulk delete: asking first', () => {
  it('off a terminal without --yes it is exit 2 and nothing is sent, not even the selecting GETs', async () => {
    const ids = await seedTags(5)
    const many = await h.ac(['tags', 'delete', '--ids-from', '-'], {input: ids.join('\n')})
    expect(many.code).toBe(2)
    expect(many.stderr).toBe('Error: Refusing to delete 5 tags without confirmation: not running interactively. Pass --yes to confirm\n')
    const selected = await h.ac(['contacts', 'delete', '--tag', 'vip'])
    expect(selected.code).toBe(2)
    expect(selected.stderr).toMatch(/^Error: Refusing to delete the contacts selected by --tag vip without confirmation/)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('on a terminal it shows the count and a sample, asks, and sums up', async () => {
    const ids = await seedTags(7)
    const run = await onTerminal(['tags', 'delete', ...ids], h.env, [['Delete 7 tags?', 'y\r']])
    expect(run.output).toContain(`7 tags to delete: ${ids.slice(0, 5).join(', ')}, and 2 more`)
    expect(run.output).toContain('Delete 7 tags? (y/N)')
    expect(run.output).toContain('Deleted 7 tags')
    expect(run.code).toBe(0)
    expect(deletedPaths()).toEqual(tagPaths(ids))
  })

  it('a "no" on a terminal deletes nothing: exit 2', async () => {
    const ids = await seedTags(3)
    const run = await onTerminal(['tags', 'delete', ...ids], h.env, [['Delete 3 tags?', 'n\r']])
    expect(run.code).toBe(2)
    expect(deletes()).toHaveLength(0)
  })

  it('--dry-run prints each DELETE it would send and sends none', async () => {
    const ids = await seedTags(3)
    const run = await h.ac(['tags', 'delete', ...ids, '--dry-run'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n')).toEqual(ids.map((id) => `DELETE ${h.sandbox.url}/tags/${id}`))
    expect(deletes()).toHaveLength(0)
  })
})

describe('bulk delete: what became of each id', () => {
  it('ids already gone are reported as such, not failures: a re-run finishes with exit 0', async () => {
    const ids = await seedTags(4)
    expect((await h.ac(['tags', 'delete', ids[0], ids[1], '--yes'])).code).toBe(0)
    const run = await h.ac(['tags', 'delete', ...ids, '--yes', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const summary = JSON.parse(run.stdout)
    expect(summary.deleted.sort()).toEqual([ids[2], ids[3]].sort())
    expect(summary.alreadyGone.sort()).toEqual([ids[0], ids[1]].sort())
    expect(summary.failed).toEqual([])
  })

  it('a single id already gone is exit 0 too (it used to be exit 4)', async () => {
    const run = await h.ac(['tags', 'delete', '999', '--yes', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({deleted: [], alreadyGone: ['999'], failed: []})
  })

  it('a failure does not stop the rest; it is in the summary with its reason, and the exit code is 5', async () => {
    const ids = await seedTags(6)
    h.sandbox.addFaults({method: 'DELETE', path: `/tags/${ids[1]}`, status: 422, body: {errors: [{title: 'nope'}]}})
    const run = await h.ac(['tags', 'delete', ...ids, '--yes', '--json'])
    expect(run.code).toBe(5)
    expect(deletedPaths()).toEqual(tagPaths(ids))
    const summary = JSON.parse(run.stdout)
    expect(summary.deleted).toHaveLength(5)
    expect(summary.failed).toEqual([{id: ids[1], error: `DELETE /tags/${ids[1]} failed (422): nope`}])
    expect(run.stderr).toContain(`Deleted 5 tags, 1 failed:\n  ${ids[1]}: DELETE /tags/${ids[1]} failed (422): nope\n`)
    expect(run.stderr).toMatch(/Error: 1 of 6 tags not deleted/)
    // The one JSON document on stdout is the summary.
    expect(run.stdout.trim().startsWith('{') && run.stdout.trim().endsWith('}')).toBe(true)
  })

  it('a single failing id reads and exits as it always has', async () => {
    const [id] = await seedTags(1)
    h.sandbox.addFaults({method: 'DELETE', path: `/tags/${id}`, status: 422, body: {errors: [{title: 'nope'}]}})
    const run = await h.ac(['tags', 'delete', id, '--yes'])
    expect(run.code).toBe(5)
    expect(run.stderr).toBe(`Error: DELETE /tags/${id} failed (422): nope\n`)
  })

  it('failures of different kinds exit 1', async () => {
    const ids = await seedTags(3)
    h.sandbox.addFaults(
      {method: 'DELETE', path: `/tags/${ids[0]}`, status: 422, body: {errors: [{title: 'nope'}]}},
      {method: 'DELETE', path: `/tags/${ids[1]}`, status: 500, body: {message: 'boom'}, times: 5},
    )
    const run = await h.ac(['tags', 'delete', ...ids, '--yes'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Deleted 1 tag, 2 failed:')
  }, 30_000)
})

describe('bulk delete: contacts by selection', () => {
  async function contactsTagged() {
    const {contacts, tags} = await seed({
      contacts: Array.from({length: 250}, (_, index) => ({email: `c${index}@example.com`})),
      tags: [{tag: 'Doomed', tagType: 'contact'}],
    })
    const doomed = contacts.filter((_, index) => index % 2 === 0)
    await seed({contactTags: doomed.map((contact) => ({contact, tag: tags[0]}))})
    return {contacts, doomed, tag: tags[0]}
  }

  it('--tag NAME deletes exactly the contacts with that tag, every page of them', async () => {
    const {contacts, doomed, tag} = await contactsTagged()
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'delete', '--tag', 'doomed', '--yes', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).deleted.sort()).toEqual([...doomed].sort())
    expect(deletedPaths()).toEqual(doomed.map((id) => `/contacts/${id}`).sort())
    const lists = h.sandbox.requests.filter((request) => request.method === 'GET' && request.path === '/contacts')
    expect(lists.length).toBeGreaterThan(1)
    expect(lists.every((request) => request.query.tagid === tag)).toBe(true)
    const left = await h.ac(['contacts', 'list', '--all', '-o', 'ndjson'])
    expect(left.stdout.trim().split('\n')).toHaveLength(contacts.length - doomed.length)
  })

  it('--search selects by the list search; a selection of nothing is exit 0, "Nothing to delete"', async () => {
    await seed({contacts: [{email: 'keep@example.com'}, {email: 'drop-1@example.com'}, {email: 'drop-2@example.com'}]})
    const none = await h.ac(['contacts', 'delete', '--search', 'nobody-at-all', '--yes'])
    expect(none.code, none.stderr).toBe(0)
    expect(none.stderr).toBe('Nothing to delete: no contacts match --search nobody-at-all\n')
    expect(deletes()).toHaveLength(0)
    const run = await h.ac(['contacts', 'delete', '--search', 'drop-', '--yes', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).deleted).toHaveLength(2)
  })

  it('ids and a selection together are exit 2 before any request', async () => {
    const run = await h.ac(['contacts', 'delete', '1', '--tag', 'x', '--yes'])
    expect(run.code).toBe(2)
    expect(h.sandbox.requests).toHaveLength(0)
  })
})

describe('accounts bulk-delete', () => {
  it('batches the ids through /accounts/bulk_delete, 100 a request; missing ones are already gone', async () => {
    const {accounts} = await seed({accounts: Array.from({length: 250}, (_, index) => ({name: `Account ${index}`}))})
    h.sandbox.clearRequests()
    const run = await h.ac(['accounts', 'bulk-delete', '--ids-from', '-', '--yes', '--json'], {input: [...accounts, '9999'].join('\n')})
    expect(run.code, run.stderr).toBe(0)
    const sent = deletes()
    expect(sent.map((request) => request.path)).toEqual(Array.from({length: 3}, () => '/accounts/bulk_delete'))
    expect(sent.map((request) => [request.query['ids[]']].flat().length).sort()).toEqual([100, 100, 51])
    const summary = JSON.parse(run.stdout)
    expect(summary.deleted).toHaveLength(250)
    expect(summary.alreadyGone).toEqual(['9999'])
    expect((await h.ac(['accounts', 'list', '--json'])).stdout).toBe('[]\n')
  })

  it('refuses without --yes off a terminal, sending nothing', async () => {
    const run = await h.ac(['accounts', 'bulk-delete', '1', '2'])
    expect(run.code).toBe(2)
    expect(h.sandbox.requests).toHaveLength(0)
  })
})
