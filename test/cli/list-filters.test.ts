import {beforeAll, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// Filters with names and words: `deals list --pipeline Sales --stage Won --status won`,
// `--filter stage=Won` looked up like any name, status words wherever the API wants a number.

const h = useHarness()

async function json(args: string[]): Promise<any> {
  const run = await h.ac([...args, '--json'])
  expect(run.code, `ac ${args.join(' ')}: ${run.stderr}`).toBe(0)
  return JSON.parse(run.stdout)
}

const ids: Record<string, string> = {}
const sent = (path: string) => h.sandbox.requests.filter((request) => request.method === 'GET' && request.path === path).map((request) => request.query)

beforeAll(async () => {
  await json(['contacts', 'create', '--email', 'buyer@example.com'])
  for (const pipeline of ['Sales', 'Support']) {
    ids[pipeline] = (await json(['deals', 'pipelines', 'create', '--title', pipeline, '--currency', 'usd'])).id
    ids[`${pipeline} Won`] = (await json(['deals', 'stages', 'create', '--title', 'Won', '--pipeline', pipeline])).id
  }
  const won = await json(['deals', 'create', '--title', 'Won one', '--value', '100', '--currency', 'usd', '--pipeline', 'Sales', '--stage', 'Won', '--contact', 'buyer@example.com', '--status', 'won'])
  ids.won = won.id
  await json(['deals', 'create', '--title', 'Elsewhere', '--value', '100', '--currency', 'usd', '--pipeline', 'Support', '--stage', 'Won', '--contact', 'buyer@example.com'])
})

describe('deals list', () => {
  it('--pipeline, --stage (within the pipeline) and --status take names and words', async () => {
    h.sandbox.clearRequests()
    const deals = await json(['deals', 'list', '--pipeline', 'sales', '--stage', 'won', '--status', 'won', '--search', 'Won'])
    expect(sent('/deals').at(-1)).toMatchObject({'filters[group]': ids.Sales, 'filters[stage]': ids['Sales Won'], 'filters[status]': '1', 'filters[search]': 'Won'})
    expect(deals.map((deal: {id: string}) => deal.id)).toEqual([ids.won])
    expect(deals[0].status).toBe('1')
  })

  it('names inside --filter are looked up like any name', async () => {
    h.sandbox.clearRequests()
    await json(['deals', 'list', '--filter', 'group=Support', '--filter', 'stage=Won', '--filter', 'status=open'])
    expect(sent('/deals').at(-1)).toMatchObject({'filters[group]': ids.Support, 'filters[stage]': ids['Support Won'], 'filters[status]': '0'})
  })

  it('--owner takes a user by email', async () => {
    const [user] = await json(['users', 'list', '--limit', '1'])
    h.sandbox.clearRequests()
    await json(['deals', 'list', '--owner', user.email])
    expect(sent('/deals').at(-1)).toMatchObject({'filters[owner]': user.id})
  })

  it('a status word nobody uses is exit 2 listing the words, nothing sent', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'list', '--status', 'wn'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/open, won, lost/)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it("status reads as a word in a terminal table; piped TSV keeps the API's number", async () => {
    const run = await h.ac(['deals', 'list', '--columns', 'title,status', '--pipeline', 'Sales'])
    expect(run.stdout).toBe('title\tstatus\nWon one\t1\n')
    const table = await h.onTty(['deals', 'list', '--columns', 'title,status', '--pipeline', 'Sales'])
    expect(table.stdout).toMatch(/│ Won one +│ won +│/)
  })
})

describe('other lists', () => {
  it('deals stages list --pipeline Sales', async () => {
    h.sandbox.clearRequests()
    const stages = await json(['deals', 'stages', 'list', '--pipeline', 'Sales'])
    expect(sent('/dealStages').at(-1)).toMatchObject({'filters[d_groupid]': ids.Sales})
    expect(stages.every((stage: {group: string}) => stage.group === ids.Sales)).toBe(true)
  })

  it('contacts list --status active sends the number', async () => {
    h.sandbox.clearRequests()
    await json(['contacts', 'list', '--status', 'active'])
    expect(sent('/contacts').at(-1)).toMatchObject({status: '1'})
  })
})
