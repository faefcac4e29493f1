import {describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

const h = useHarness()

async function json(args: string[]): Promise<any> {
  const run = await h.ac([...args, '--json'])
  expect(run.code, `ac ${args.join(' ')}: ${run.stderr}`).toBe(0)
  return JSON.parse(run.stdout)
}

describe('contacts', () => {
  it('sync creates by email, then updates the same contact and keeps the fields not given', async () => {
    const first = await json(['contacts', 'sync', '--email', 'sync@example.com', '--first-name', 'Sam', '--last-name', 'Ng'])
    const second = await json(['contacts', 'sync', '--email', 'sync@example.com', '--phone', '123'])
    expect(second.id).toBe(first.id)
    expect(second).toMatchObject({firstName: 'Sam', lastName: 'Ng', phone: '123'})
  })

  it('tags by name twice without a duplicate link, and untags by name', async () => {
    await json(['tags', 'create', '--tag', 'Gold', '--tag-type', 'contact'])
    const contact = await json(['contacts', 'create', '--email', 'tagged@example.com'])
    h.sandbox.clearRequests()
    const [link] = await json(['contacts', 'tag', 'tagged@example.com', '--tag', 'gold'])
    const [again] = await json(['contacts', 'tag', contact.id, '--tag', 'GOLD'])
    expect(again.id).toBe(link.id)
    expect(h.requestLines().filter((line) => line === 'POST /contactTags')).toHaveLength(2)
    const tagged = await json(['contacts', 'list', '--tag', 'Gold'])
    expect(tagged.map((record: {email: string}) => record.email)).toEqual(['tagged@example.com'])

    const untag = await h.ac(['contacts', 'untag', 'tagged@example.com', '--tag', 'Gold'])
    expect(untag.code, untag.stderr).toBe(0)
    expect(h.requestLines()).toContain(`DELETE /contactTags/${link.id}`)
    expect(await json(['contacts', 'contact-tags', 'by-contact', contact.id])).toEqual([])
  })

  it('subscribes and unsubscribes a contact to a list named in any case', async () => {
    await json(['lists', 'create', '--name', 'Weekly News', '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up'])
    await json(['contacts', 'create', '--email', 'reader@example.com'])
    const [subscribed] = await json(['contacts', 'subscribe', 'reader@example.com', '--list', 'weekly news'])
    expect(subscribed.status).toBe('1')
    const [unsubscribed] = await json(['contacts', 'unsubscribe', 'reader@example.com', '--list', 'Weekly News'])
    expect(unsubscribed.status).toBe('2')
  })

  it('sets custom field values by field name with --field', async () => {
    const field = await json(['contacts', 'custom-fields', 'create', '--title', 'Shoe size', '--type', 'text'])
    h.sandbox.clearRequests()
    await json(['contacts', 'create', '--email', 'feet@example.com', '--field', 'shoe size=44'])
    const post = h.sandbox.requests.find((request) => request.method === 'POST' && request.path === '/contacts')
    expect(post?.body).toEqual({contact: {email: 'feet@example.com', fieldValues: [{field: Number(field.id), value: '44'}]}})
  })

  it('checks required fields before sending anything, naming the flag', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'create', '--description', 'no name'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('Error: Missing --tag. Give it as a flag or inside --data\n')
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('takes the whole body from --data, and flags win over it', async () => {
    h.sandbox.clearRequests()
    const created = await json(['tags', 'create', '--data', '{"tag":{"tag":"FromData","description":"d"}}', '--description', 'flag'])
    expect(created).toMatchObject({tag: 'FromData', description: 'flag'})
    const bare = await json(['tags', 'create', '--data', '{"tag":"Bare"}'])
    expect(bare.tag).toBe('Bare')
  })

  it('rejects --data that is not JSON before any request', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'create', '--data', '{nope'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^Error: --data is not valid JSON/)
    expect(h.sandbox.requests).toHaveLength(0)
  })
})

describe('names instead of ids', () => {
  it('creates a deal in a pipeline and stage given by name', async () => {
    const pipeline = await json(['deals', 'pipelines', 'create', '--title', 'Sales', '--currency', 'usd'])
    const stage = await json(['deals', 'stages', 'create', '--title', 'Qualified', '--group', 'Sales'])
    expect(stage.group).toBe(pipeline.id)
    const contact = await json(['contacts', 'create', '--email', 'buyer@example.com'])
    const deal = await json(['deals', 'create', '--title', 'Big one', '--value', '500000', '--currency', 'usd', '--pipeline', 'sales', '--stage', 'qualified', '--contact', 'buyer@example.com'])
    expect(deal).toMatchObject({group: pipeline.id, stage: stage.id, contact: contact.id})
  })

  it('an ambiguous name is exit 2 listing the candidates, with no write sent; the pipeline settles a stage', async () => {
    await json(['deals', 'pipelines', 'create', '--title', 'Ambiguous Sales', '--currency', 'usd'])
    await json(['deals', 'pipelines', 'create', '--title', 'Ambiguous Support', '--currency', 'usd'])
    await json(['deals', 'stages', 'create', '--title', 'Twice New', '--group', 'Ambiguous Sales'])
    const supportNew = await json(['deals', 'stages', 'create', '--title', 'Twice New', '--group', 'Ambiguous Support'])
    await json(['contacts', 'create', '--email', 'ambiguous-buyer@example.com'])
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'stages', 'get', 'Twice New'])
    expect(run.code).toBe(2)
    // Each candidate with its pipeline (one more read, of the pipelines, on ambiguity only).
    expect(run.stderr).toMatch(/^Error: The stage name "Twice New" is ambiguous: Twice New \(\d+, pipeline Ambiguous Sales\), Twice New \(\d+, pipeline Ambiguous Support\)\. Give the id instead, or --pipeline to narrow it\n$/)
    expect(h.sandbox.requests.filter((request) => request.path !== '/dealStages' && request.path !== '/dealGroups')).toHaveLength(0)
    const deal = await json(['deals', 'create', '--title', 'X', '--value', '1', '--currency', 'usd', '--group', 'Ambiguous Support', '--stage', 'Twice New', '--contact', 'ambiguous-buyer@example.com'])
    expect(deal.stage).toBe(supportNew.id)
  })

  it('an unknown name is exit 4 (like an unknown id) and suggests near names', async () => {
    await json(['tags', 'create', '--tag', 'Newsletter-2024'])
    const run = await h.ac(['contacts', 'list', '--tag', 'newsletter'])
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/^Error: No tag named "newsletter"\. Did you mean: Newsletter-2024 \(\d+\)\?\n$/)
  })

  it('looks each name up once per process', async () => {
    await json(['tags', 'create', '--tag', 'Once'])
    await json(['contacts', 'create', '--email', 'once@example.com'])
    h.sandbox.clearRequests()
    await json(['contacts', 'tag', 'once@example.com', '--tag', 'Once', '--tag', 'once'])
    expect(h.requestLines().filter((line) => line === 'GET /tags')).toHaveLength(1)
  })
})

describe('more names', () => {
  it('takes a user by username or email wherever a field points at a user', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['lists', 'create', '--name', 'Owned', '--sender-url', 'https://example.com', '--sender-reminder', 'hi', '--user', 'admin@sandbox.local', '--dry-run', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).body.list.user).toBe(1)
    const byUsername = await h.ac(['lists', 'create', '--name', 'Owned', '--sender-url', 'https://example.com', '--sender-reminder', 'hi', '--user', 'admin', '--dry-run', '--json'])
    expect(byUsername.code, byUsername.stderr).toBe(0)
    expect(JSON.parse(byUsername.stdout).body.list.user).toBe(1)
    const task = await h.ac(['deals', 'tasks', 'create', '--help'])
    expect(task.stdout).toMatch(/--assignee=<value>.*username or email/s)
  })

  it('prefers the contact tag when a template tag has the same name', async () => {
    await json(['tags', 'create', '--tag', 'Twin', '--tag-type', 'template'])
    const contactTag = await json(['tags', 'create', '--tag', 'twin', '--tag-type', 'contact'])
    await json(['contacts', 'create', '--email', 'twin@example.com'])
    const [link] = await json(['contacts', 'tag', 'twin@example.com', '--tag', 'TWIN'])
    expect(link.tag).toBe(contactTag.id)
  })

  it('creates a deal from its stage alone: the pipeline follows', async () => {
    const pipeline = await json(['deals', 'pipelines', 'create', '--title', 'Solo', '--currency', 'usd'])
    await json(['deals', 'stages', 'create', '--title', 'Only stage', '--pipeline', 'Solo'])
    await json(['contacts', 'create', '--email', 'solo@example.com'])
    const deal = await json(['deals', 'create', '--title', 'S', '--value', '1', '--currency', 'usd', '--stage', 'only stage', '--contact', 'solo@example.com'])
    expect(deal.group).toBe(pipeline.id)
  })

  it('names list and tag filters by their user words: --tag and --list', async () => {
    const help = await h.ac(['contacts', 'list', '--help'])
    expect(help.stdout).toMatch(/^\s+--tag=<value>/m)
    expect(help.stdout).toMatch(/^\s+--list=<value>/m)
  })
})

describe('ac api', () => {
  it('sends typed -F and raw -f fields with nested keys as a JSON body', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['api', 'POST', '/tags', '-F', 'tag[tag]=007', '-f', 'tag[tagType]=contact', '-F', 'tag[description]=42'])
    expect(run.code, run.stderr).toBe(0)
    expect(h.sandbox.requests[0].body).toEqual({tag: {tag: 7, tagType: 'contact', description: 42}})
    expect(JSON.parse(run.stdout).tag.id).toBeDefined()
  })

  it('puts fields in the query string for GET, and prints the raw envelope', async () => {
    await json(['tags', 'create', '--tag', 'Query one'])
    await json(['tags', 'create', '--tag', 'Query two'])
    h.sandbox.clearRequests()
    const run = await h.ac(['api', 'GET', '/tags', '-F', 'limit=1'])
    expect(run.code).toBe(0)
    expect(h.sandbox.requests[0].query).toMatchObject({limit: '1'})
    const body = JSON.parse(run.stdout)
    expect(body.tags).toHaveLength(1)
    expect(typeof body.meta.total).toBe('string')
  })

  it('--paginate follows every page and prints the records', async () => {
    const tags = Array.from({length: 250}, (_, index) => ({tag: `paginate ${index}`}))
    const seeded = await fetch(`${h.env.AC_API_URL}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({tags})})
    expect(seeded.ok).toBe(true)
    const total = Number(JSON.parse((await h.ac(['api', '/tags'])).stdout).meta.total)
    expect(total).toBeGreaterThanOrEqual(250)
    h.sandbox.clearRequests()
    const run = await h.ac(['api', '/tags', '--paginate', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n')).toHaveLength(total)
    expect(h.requestLines().filter((line) => line === 'GET /tags').length).toBeGreaterThan(1)
  })

  it('reaches paths with a query string and /api/3 in them', async () => {
    const run = await h.ac(['api', 'GET', '/api/3/users/me?include=x'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).user.username).toBe('admin')
  })
})
