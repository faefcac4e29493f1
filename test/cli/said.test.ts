import {describe, expect, it} from 'vitest'

import {type Run, runScript, shellQuote, useHarness} from '../helpers.js'

// Write commands say what they did: one line to a person at a terminal, the record to
// `-o`/`--json` and to pipes. Deal values read as money in tables, cents in JSON.

const h = useHarness()
const bin = new URL('../../bin/run.js', import.meta.url).pathname

function onTty(args: string[]): Promise<Run> {
  return runScript([process.execPath, bin, ...args].map(shellQuote).join(' '), h.env)
}

async function json(args: string[]): Promise<any> {
  const run = await h.ac([...args, '--json'])
  expect(run.code, `ac ${args.join(' ')}: ${run.stderr}`).toBe(0)
  return JSON.parse(run.stdout)
}

describe('write commands on a terminal', () => {
  it('create, update, tag, untag, subscribe each say one line', async () => {
    const created = await onTty(['contacts', 'create', '--email', 'ann@example.com'])
    expect(created.code).toBe(0)
    const [contact] = await json(['contacts', 'list', '--email', 'ann@example.com'])
    expect(created.stdout.trim()).toBe(`Created contact ${contact.id} ann@example.com`)

    const tag = await json(['tags', 'create', '--tag', 'VIP', '--tag-type', 'contact'])
    expect((await onTty(['tags', 'update', tag.id, '--description', 'very'])).stdout.trim()).toBe(`Updated tag ${tag.id} VIP`)
    expect((await onTty(['contacts', 'tag', 'ann@example.com', '--tag', 'VIP'])).stdout.trim()).toBe('Tagged ann@example.com with VIP')
    expect((await onTty(['contacts', 'untag', 'ann@example.com', '--tag', 'VIP'])).stdout.trim()).toBe('Untagged ann@example.com from VIP')
    await json(['lists', 'create', '--name', 'Newsletter', '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up'])
    expect((await onTty(['contacts', 'subscribe', 'ann@example.com', '--list', 'Newsletter'])).stdout.trim()).toBe('Subscribed ann@example.com to Newsletter')
  })

  it('--json on a terminal still prints the record', async () => {
    const run = await onTty(['tags', 'create', '--tag', 'Json', '--json'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/"tag": "Json"/)
    expect(run.stdout).not.toMatch(/Created tag/)
  })

  it('untag prints the links it removed', async () => {
    await json(['contacts', 'create', '--email', 'bob@example.com'])
    await json(['tags', 'create', '--tag', 'Gone', '--tag-type', 'contact'])
    const [link] = await json(['contacts', 'tag', 'bob@example.com', '--tag', 'Gone'])
    const removed = await json(['contacts', 'untag', 'bob@example.com', '--tag', 'Gone'])
    expect(removed).toEqual([{id: link.id, contact: link.contact, tag: link.tag}])
  })
})

describe('lists and money', () => {
  it('a deal value is money in a terminal table, cents in piped TSV and JSON', async () => {
    await json(['contacts', 'create', '--email', 'buyer@example.com'])
    await json(['deals', 'pipelines', 'create', '--title', 'Money', '--currency', 'usd'])
    await json(['deals', 'stages', 'create', '--title', 'New', '--pipeline', 'Money'])
    const deal = await json(['deals', 'create', '--title', 'Big', '--value', '500000', '--currency', 'usd', '--pipeline', 'Money', '--stage', 'New', '--contact', 'buyer@example.com'])
    expect(deal.value).toBe('500000')
    const tsv = await h.ac(['deals', 'list', '--columns', 'id,value,status'])
    expect(tsv.stdout).toBe(`id\tvalue\tstatus\n${deal.id}\t500000\t0\n`)
    const table = await h.onTty(['deals', 'list', '--columns', 'id,value,status'])
    expect(table.stdout).toMatch(new RegExp(`│ ${deal.id} +│ 5,000\\.00 USD +│ open +│`))
    const [listed] = await json(['deals', 'list'])
    expect(listed.value).toBe('500000')
  })

  it('a list stopped at its limit says how many there are, on a terminal', async () => {
    for (const name of ['a', 'b', 'c']) await json(['tags', 'create', '--tag', `Cut ${name}`])
    const run = await onTty(['tags', 'list', '--limit', '2'])
    const total = (await json(['tags', 'list', '--all'])).length
    expect(run.stdout).toContain(`2 of ${total} shown; --all for every record`)
    const piped = await h.ac(['tags', 'list', '--limit', '2'])
    expect(piped.stderr).toBe('')
  })
})
