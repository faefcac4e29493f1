import {describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// Seeing relations: `ac contacts get ann@example.com --with tags,lists` shows the contact's
// tags and lists by name, sideloaded with the record itself; `--with tags` is the way to list
// a contact's tags by name.

const h = useHarness()

async function json(args: string[]): Promise<any> {
  const run = await h.ac([...args, '--json'])
  expect(run.code, `ac ${args.join(' ')}: ${run.stderr}`).toBe(0)
  return JSON.parse(run.stdout)
}

describe('contacts get --with', () => {
  it('shows tags and subscribed lists by name, sideloaded with the record', async () => {
    const contact = await json(['contacts', 'create', '--email', 'ann@example.com'])
    for (const tag of ['VIP', 'Gold']) await json(['tags', 'create', '--tag', tag, '--tag-type', 'contact'])
    await json(['contacts', 'tag', 'ann@example.com', '--tag', 'VIP,Gold'])
    for (const name of ['Newsletter', 'Left']) await json(['lists', 'create', '--name', name, '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up'])
    await json(['contacts', 'subscribe', 'ann@example.com', '--list', 'Newsletter,Left'])
    await json(['contacts', 'unsubscribe', 'ann@example.com', '--list', 'Left'])

    h.sandbox.clearRequests()
    const shown = await json(['contacts', 'get', 'ann@example.com', '--with', 'tags,lists'])
    expect(shown).toMatchObject({id: contact.id, email: 'ann@example.com', tags: ['VIP', 'Gold'], lists: ['Newsletter']})
    expect(h.requestLines()).toEqual(['GET /contacts', `GET /contacts/${contact.id}`]) // the email looked up, then the record
    expect(h.sandbox.requests.at(-1)?.query).toMatchObject({include: 'contactTags.tag,contactLists.list'})

    const table = await h.ac(['contacts', 'get', 'ann@example.com', '--with', 'tags', '--columns', 'email,tags'])
    expect(table.stdout).toBe('email\ttags\nann@example.com\tVIP, Gold\n')
  })

  it('an unknown relation is exit 2 before any request', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'get', '1', '--with', 'deals'])
    expect(run.code).toBe(2)
    expect(h.sandbox.requests).toHaveLength(0)
  })
})
