import {describe, expect, it} from 'vitest'

import {onTerminal, useHarness} from '../helpers.js'

const h = useHarness()

async function createTag(name: string): Promise<string> {
  const run = await h.ac(['tags', 'create', '--tag', name, '--json'])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout).id
}

describe('safety', () => {
  it('refuses to delete without --yes when not on a terminal: exit 2, nothing sent', async () => {
    const id = await createTag('keep-me')
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'delete', id])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`Error: Refusing to delete tags ${id} without confirmation: not running interactively. Pass --yes to confirm\n`)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('deletes several records with --yes', async () => {
    const ids = [await createTag('gone-1'), await createTag('gone-2')]
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'delete', ...ids, '--yes'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
    // Several requests in flight: the order they arrive in is not promised.
    expect(h.requestLines().sort()).toEqual(ids.map((id) => `DELETE /tags/${id}`).sort())
  })

  it('asks on a terminal, and a "no" sends nothing', async () => {
    const id = await createTag('asked')
    h.sandbox.clearRequests()
    const run = await onTerminal(['tags', 'delete', id], h.env, [['?', 'n\r']])
    // The question names the tag and how many contacts carry it (one read); nothing is deleted.
    expect(run.output).toContain(`Delete tag ${id} "asked" on 0 contacts?`)
    expect(run.code).toBe(2)
    expect(h.requestLines()).toEqual([`GET /tags/${id}`])
  })

  it('asks on a terminal, and a "yes" deletes', async () => {
    const id = await createTag('confirmed')
    h.sandbox.clearRequests()
    const run = await onTerminal(['tags', 'delete', id], h.env, [['?', 'y\r']])
    expect(run.code).toBe(0)
    expect(h.requestLines()).toEqual([`GET /tags/${id}`, `DELETE /tags/${id}`])
  })

  it('a raw `ac api DELETE` asks like any delete: exit 2 and nothing sent without --yes', async () => {
    const id = await createTag('raw-delete')
    h.sandbox.clearRequests()
    const refused = await h.ac(['api', 'DELETE', `/tags/${id}`])
    expect(refused.code).toBe(2)
    expect(h.sandbox.requests).toHaveLength(0)
    expect((await h.ac(['api', 'DELETE', `/tags/${id}`, '--yes'])).code).toBe(0)
    expect(h.requestLines()).toEqual([`DELETE /tags/${id}`])
  })

  it('an update with nothing to change is exit 2 and sends nothing', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'update', '1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('Error: Nothing to change. Give at least one field flag, or --data\n')
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('--dry-run prints the request it would send and sends none', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'create', '--email', 'dry@example.com', '--first-name', 'Dry', '--dry-run'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`POST ${h.sandbox.url}/contacts`)
    expect(JSON.parse(run.stdout.slice(run.stdout.indexOf('{')))).toEqual({contact: {email: 'dry@example.com', firstName: 'Dry'}})
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('--dry-run on delete needs no confirmation and sends nothing', async () => {
    const id = await createTag('dry-delete')
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'delete', id, '--dry-run', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({method: 'DELETE', url: `${h.sandbox.url}/tags/${id}`})
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('an update sends only the fields given, so the others are not wiped', async () => {
    const created = await h.ac(['contacts', 'create', '--email', 'keep@example.com', '--first-name', 'Kim', '--last-name', 'Lee', '--json'])
    const id = JSON.parse(created.stdout).id
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'update', id, '--phone', '555', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(h.sandbox.requests[0].body).toEqual({contact: {phone: '555'}})
    expect(JSON.parse(run.stdout)).toMatchObject({firstName: 'Kim', lastName: 'Lee', phone: '555'})
  })

  it('never shows the token, not even with --debug', async () => {
    const run = await h.ac(['contacts', 'list', '--debug'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('[debug] GET ')
    expect(run.stdout + run.stderr).not.toContain(h.sandbox.token)
  })
})
