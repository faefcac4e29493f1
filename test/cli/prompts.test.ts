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
      ['❯ ann@example.com Ann', '\r'],
      ['Value (in cents ($456.78 is 45678), zero or more):', '500000\r'],
      ['Currency (3-letter ISO code in lower case: usd, eur):', 'usd\r'],
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

describe('nothing is asked off a terminal, in CI or with --no-input', () => {
  it('on a terminal, a command given everything asks nothing and prints no Next time', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['tags', 'create', '--tag', 'Complete'], h.env)
    expect(run.code, run.output).toBe(0)
    expect(run.output).not.toContain('Next time')
    expect(run.output).not.toContain('?')
    expect(h.requestLines()).toEqual(['POST /tags'])
  })

  it('piped: exit 2, one line, no request', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'create'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^Error: Missing --stage, --title, --value, --currency\. Give them as flags or inside --data\n$/)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it.each([
    ['--no-input', ['deals', 'create', '--no-input'], {}],
    ['AC_NO_INPUT=1', ['deals', 'create'], {AC_NO_INPUT: '1'}],
    ['CI=1', ['deals', 'create'], {CI: '1'}],
  ])('on a terminal with %s: exit 2 with the same line, nothing asked, no request', async (_name, args, env) => {
    h.sandbox.clearRequests()
    const run = await onTerminal(args, {...h.env, ...env})
    expect(run.code).toBe(2)
    expect(run.output).not.toContain('?')
    expect(run.output).toMatch(/^Error: Missing --stage, --title, --value, --currency\. /m)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('a missing id on a terminal with --no-input is the usual error', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'get', '--no-input'], h.env)
    expect(run.code).toBe(2)
    expect(run.output).toMatch(/^Error: Missing ID \(ID of the contact\)\. Usage: ac contacts get ID\r?$/m)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('Ctrl-C in a question: exit 130, nothing sent', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['deals', 'create'], h.env, [['Title:', 'Half\r'], ['Contact: (type part', '\u0003']])
    expect(run.code).toBe(130)
    expect(posts()).toHaveLength(0)
  })

  it('a dry run asks too, then sends nothing that changes the account', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['tags', 'create', '--dry-run'], h.env, [['Tag:', 'Dry\r']])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain('POST ')
    expect(run.output).toContain('Next time: ac tags create --dry-run --tag Dry')
    expect(posts()).toHaveLength(0)
  })
})

describe('records by search, and choices', () => {
  it('get without an id searches contacts by part of the email', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'get', '-o', 'json'], h.env, [['Which contact?', 'ann@'], ['❯ ann@example.com Ann', '\r']])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain('Next time: ac contacts get ann@example.com -o json')
    expect(h.requestLines()).toContain(`GET /contacts/${ids.ann}`)
    expect(h.sandbox.requests.some((request) => request.query?.search === 'ann@' || request.path.includes('search=ann'))).toBe(true)
  })

  it('contacts tag without --tag offers the tags as a multi-select; Next time tags the same', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'tag', 'ann@example.com'], h.env, [['Which tags?', ` ${down} \r`]])
    expect(run.code, run.output).toBe(0)
    expect(posts().map((request) => request.body)).toEqual([{contactTag: {contact: ids.ann, tag: ids.vip}}, {contactTag: {contact: ids.ann, tag: ids.gold}}])
    expect(nextTime(run.output)).toEqual(['contacts', 'tag', 'ann@example.com', '--tag', 'VIP', '--tag', 'Gold'])
  })

  it('contacts untag offers only the tags the contact has', async () => {
    // Ann has VIP and Gold (above); a third tag she does not have is not offered.
    await made(['tags', 'create', '--tag', 'Never'])
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'untag', 'ann@example.com'], h.env, [['Which tags?', ' \r']])
    expect(run.code, run.output).toBe(0)
    expect(run.output).not.toContain('Never')
    expect(posts().map((request) => `${request.method} ${request.path}`)).toEqual([expect.stringMatching(/^DELETE \/contactTags\/\d+$/)])
  })

  it('contacts unsubscribe offers only the lists the contact is subscribed to', async () => {
    const newsletter = await made(['lists', 'create', '--name', 'Newsletter', '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up'])
    await made(['lists', 'create', '--name', 'Offers', '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up'])
    expect((await h.ac(['contacts', 'subscribe', 'ann@example.com', '--list', 'Newsletter'])).code).toBe(0)
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'unsubscribe', 'ann@example.com'], h.env, [['Which lists?', ' \r']])
    expect(run.code, run.output).toBe(0)
    expect(run.output).not.toContain('Offers')
    expect(posts().map((request) => request.body)).toEqual([{contactList: {list: newsletter, contact: ids.ann, status: 2}}])
    expect(nextTime(run.output)).toEqual(['contacts', 'unsubscribe', 'ann@example.com', '--list', 'Newsletter'])
  })

  it('an ambiguous stage is a choice showing each pipeline', async () => {
    const deal = await made(['deals', 'create', '--title', 'Choice', '--value', '1', '--currency', 'usd', '--contact', ids.ann, '--stage', ids.salesWon])
    h.sandbox.clearRequests()
    const run = await onTerminal(['deals', 'create', '--title', 'Pick', '--value', '1', '--currency', 'usd', '--contact', 'ann@example.com', '--stage', 'Qualified'], h.env, [['Which stage "Qualified"?', `${down}\r`]])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain('Sales › Qualified')
    expect(run.output).toContain('Partners › Qualified')
    expect(posts().map((request) => (request.body as {deal: {stage: unknown}}).deal.stage)).toEqual([ids.partnersQualified])
    // The name settled by the choice is given by id next time.
    expect(nextTime(run.output)).toEqual(['deals', 'create', '--title', 'Pick', '--value', '1', '--currency', 'usd', '--contact', 'ann@example.com', '--stage', ids.partnersQualified])
    expect(deal).toBeTruthy()
  })
})

describe('the right prompt for the field', () => {
  it('an email is checked as it is typed: a bad one is asked again, nothing sent meanwhile', async () => {
    h.sandbox.clearRequests()
    // The typed text stays after the error, to be fixed: `cy` + `@example.com`.
    const run = await onTerminal(['contacts', 'create'], h.env, [['Email:', 'cy\r'], ['not an email address', '@example.com\r']])
    expect(run.code, run.output).toBe(0)
    expect(posts().map((request) => request.body)).toEqual([{contact: {email: 'cy@example.com'}}])
    expect(run.output).toContain('Next time: ac contacts create --email cy@example.com')
  })

  it('lists create asks each required field, the derived one not at all; Next time sends the same body', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['lists', 'create'], h.env, [['Name:', 'Weekly news\r'], ['Sender url:', 'https://example.com\r'], ['Sender reminder:', "You're subscribed\r"]])
    expect(run.code, run.output).toBe(0)
    const [sent] = posts()
    expect(sent.body).toEqual({list: {name: 'Weekly news', sender_url: 'https://example.com', sender_reminder: "You're subscribed", stringid: 'weekly-news'}})
    const words = nextTime(run.output)
    expect(words).toEqual(['lists', 'create', '--name', 'Weekly news', '--sender-url', 'https://example.com', '--sender-reminder', "You're subscribed"])
    h.sandbox.clearRequests()
    const again = await h.ac(words)
    expect(again.code, again.stderr).toBe(0)
    expect(posts().map((request) => request.body)).toEqual([sent.body])
  })

  it('a required query value pointing at a contact is found by search', async () => {
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'activities', 'list', '-o', 'json'], h.env, [['Contact:', 'ann'], ['❯ ann@example.com Ann', '\r']])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain('Next time: ac contacts activities list -o json --contact ann@example.com')
    const activities = h.sandbox.requests.find((request) => request.path === '/activities')
    expect(activities?.query.contact).toBe(ids.ann)
  })

  it('update without an id finds the deal by part of its title', async () => {
    const deal = await made(['deals', 'create', '--title', 'Findable renewal', '--value', '1', '--currency', 'usd', '--contact', ids.ann, '--stage', ids.salesWon])
    h.sandbox.clearRequests()
    const run = await onTerminal(['deals', 'update', '--title', 'Found'], h.env, [['Which deal?', 'Findable'], [`❯ Findable renewal (${deal})`, '\r']])
    expect(run.code, run.output).toBe(0)
    expect(posts().map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /deals/${deal}`])
    expect(nextTime(run.output)).toEqual(['deals', 'update', deal, '--title', 'Found'])
  })
})

describe('stage names in context', () => {
  it('deals update D --stage NAME looks in the deal\'s pipeline first', async () => {
    const deal = await made(['deals', 'create', '--title', 'Partner deal', '--value', '1', '--currency', 'usd', '--contact', ids.ann, '--stage', ids.partnersWon])
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'update', deal, '--stage', 'Qualified'])
    expect(run.code, run.stderr).toBe(0)
    expect(posts().map((request) => request.body)).toEqual([{deal: {stage: ids.partnersQualified}}])
    expect(h.requestLines()).toContain(`GET /deals/${deal}`)
  })

  it('a stage the deal\'s pipeline does not have is looked for everywhere', async () => {
    const deal = await made(['deals', 'create', '--title', 'Sales deal', '--value', '1', '--currency', 'usd', '--contact', ids.ann, '--stage', ids.salesWon])
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'update', deal, '--stage', 'Closed'])
    expect(run.code, run.stderr).toBe(0)
    expect(posts().map((request) => request.body)).toEqual([{deal: {stage: ids.partnersWon}}])
  })

  it('off a terminal an ambiguous stage names the pipelines and --pipeline', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'create', '--title', 'x', '--value', '1', '--currency', 'usd', '--contact', ids.ann, '--stage', 'Qualified'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`Error: The stage name "Qualified" is ambiguous: Qualified (${ids.salesQualified}, pipeline Sales), Qualified (${ids.partnersQualified}, pipeline Partners). Give the id instead, or --pipeline to narrow it\n`)
    expect(posts()).toHaveLength(0)
  })

  it('deals create --pipeline P --stage NAME looks in P', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'create', '--title', 'In P', '--value', '1', '--currency', 'usd', '--contact', ids.ann, '--pipeline', 'Partners', '--stage', 'Qualified'])
    expect(run.code, run.stderr).toBe(0)
    expect((posts()[0].body as {deal: Record<string, unknown>}).deal).toMatchObject({group: ids.partners, stage: ids.partnersQualified})
  })
})

describe('a large set', () => {
  it('past 15 tags, each is found by typing part of its name, until Done', async () => {
    for (let n = 1; n <= 14; n++) await made(['tags', 'create', '--tag', `Bulk ${n}`])
    const bob = await made(['contacts', 'create', '--email', 'bob@example.com'])
    h.sandbox.clearRequests()
    const run = await onTerminal(['contacts', 'tag', 'bob@example.com'], h.env, [
      ['(type to filter)', 'Bulk 12'],
      ['❯ Bulk 12', '\r'],
      ['Done (1 picked)', '\r'],
    ])
    expect(run.code, run.output).toBe(0)
    expect(posts()).toHaveLength(1)
    expect((posts()[0].body as {contactTag: {contact: string}}).contactTag.contact).toBe(bob)
    expect(nextTime(run.output)).toEqual(['contacts', 'tag', 'bob@example.com', '--tag', 'Bulk 12'])
  })
})
