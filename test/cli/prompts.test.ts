import {beforeAll, describe, expect, it} from 'vitest'

import {onTerminal, useHarness} from '../helpers.js'

// Ask, don't refuse: at a terminal the missing pieces are asked (typed into a real pseudo-
// terminal), and the answers make exactly the request that the printed "Next time" line makes.

const h = useHarness()
const down = '\u001B[B'
const ids: Record<string, string> = {}

async function made(args: string[]): Promise<string> {
  const run = await h.ac([...args, '--json'])
  expect(run.code, run.stderr).toBe(0)
  return String(JSON.parse(run.stdout).id)
}

/** The words of the "Next time:" line, read back as a shell would (single quotes only). */
function nextTime(output: string): string[] {
  const line = /Next time: (.*)\r?\n/.exec(output)?.[1]
  expect(line, output).toBeDefined()
  return [...line!.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((match) => (match[1] === undefined ? match[2] : match[1].replaceAll("'\\''", "'"))).slice(1)
}

const posts = () => h.sandbox.requests.filter((request) => request.method !== 'GET')

beforeAll(async () => {
  ids.ann = await made(['contacts', 'create', '--email', 'ann@example.com', '--first-name', 'Ann'])
  ids.sales = await made(['deals', 'pipelines', 'create', '--title', 'Sales', '--currency', 'usd'])
  ids.partners = await made(['deals', 'pipelines', 'create', '--title', 'Partners', '--currency', 'usd'])
  ids.salesQualified = await made(['deals', 'stages', 'create', '--title', 'Qualified', '--group', ids.sales])
  ids.salesWon = await made(['deals', 'stages', 'create', '--title', 'Won', '--group', ids.sales])
  ids.partnersQualified = await made(['deals', 'stages', 'create', '--title', 'Qualified', '--group', ids.partners])
  ids.partnersWon = await made(['deals', 'stages', 'create', '--title', 'Closed', '--group', ids.partners])
  ids.vip = await made(['tags', 'create', '--tag', 'VIP'])
  ids.gold = await made(['tags', 'create', '--tag', 'Gold'])
})

describe('ask, do not refuse', () => {
  it('deals create asks title, value, currency, pipeline then its stages; Next time makes the same request', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['deals', 'create'], h.env, [
      ['Title:', 'Big one\r'],
      ['Contact: (type part', 'ann'],
      ['ann@example.com Ann', '\r'],
      ['Value:', '500000\r'],
      ['Currency:', 'usd\r'],
      ['Pipeline:', `${down}\r`],
      ['Stage:', `${down}\r`],
    ])
    expect(run.code, run.output).toBe(0)
    const sent = posts()
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /deals'])
    expect(sent[0].body).toEqual({deal: {title: 'Big one', contact: ids.ann, value: 500_000, currency: 'usd', group: ids.partners, stage: ids.partnersWon}})
    const words = nextTime(run.output)
    expect(words.join(' ')).toBe('deals create --title Big one --contact ann@example.com --value 500000 --currency usd --pipeline Partners --stage Closed')

    h.sandbox.clearRequests()
    const again = await h.ac(words)
    expect(again.code, again.stderr).toBe(0)
    expect(posts().map((request) => request.body)).toEqual([sent[0].body])
  })
})
