import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import {startSandbox} from '../../src/lib/sandbox/server.js'
import {onTerminal, useHarness} from '../helpers.js'

const h = useHarness()

const fixture = `
tags:
  vip: {tag: VIP}
  run: {tag: "Run \${run.id}", description: "by \${env.SEED_WHO}"}
lists:
  news: {name: Newsletter}
fields:
  birthday: {title: Birthday, type: date}
pipelines:
  sales: {title: Sales, currency: usd}
stages:
  qualified: {title: Qualified, group: sales}
accounts:
  acme: {name: Acme}
contacts:
  alice:
    email: alice@example.com
    firstName: Alice
    tags: [vip, run]
    lists: [news]
    fields: {birthday: 1990-01-01}
accountContacts:
  alice-acme: {account: acme, contact: alice, jobTitle: CTO}
deals:
  big: {title: Big one, value: 500000, currency: usd, contact: "\${contacts.alice.id}", stage: qualified}
notes:
  call: {note: Call Alice, reltype: Subscriber, relid: "\${contacts.alice.id}"}
`
const recordCount = 14
const env = {SEED_WHO: 'ci', AC_RUN_ID: '42'}

let dir: string
let file: string
beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.clearRequests()
  dir = mkdtempSync(join(h.configDir, 'seed-'))
  file = join(dir, 'e2e.yml')
  writeFileSync(file, fixture)
})

const writeFixture = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const mutations = () => h.requestLines().filter((line) => !line.startsWith('GET '))

/** Every record of the collections a fixture touches, as the API lists them. */
async function accountSnapshot(url = h.sandbox.url, token = h.sandbox.token): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {}
  for (const path of ['tags', 'lists', 'fields', 'dealGroups', 'dealStages', 'accounts', 'contacts', 'deals', 'notes', 'accountContacts', 'fieldValues']) {
    const response = await fetch(`${url}/${path}?limit=100`, {headers: {'Api-Token': token}})
    const body = (await response.json()) as Record<string, unknown[]>
    snapshot[path] = body[path].map((record) => JSON.stringify(record))
  }

  return snapshot
}

async function apply(...args: string[]) {
  const run = await h.ac(['seed', 'apply', file, '--json', ...args], {env})
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as Array<{resource: string; name: string; id: string; action: string}>
}

describe('seed apply', () => {
  it('creates every record once, in dependency order; a second apply creates nothing', async () => {
    const first = await apply()
    expect(first).toHaveLength(recordCount)
    expect(first.every((outcome) => outcome.action === 'created')).toBe(true)
    const order = first.map((outcome) => `${outcome.resource}.${outcome.name}`)
    expect(order.indexOf('dealStages.qualified')).toBeGreaterThan(order.indexOf('dealGroups.sales'))
    expect(order.indexOf('deals.big')).toBeGreaterThan(order.indexOf('contacts.alice'))
    expect(order.indexOf('contactTags.alice.tags.vip')).toBeGreaterThan(order.indexOf('tags.vip'))
    expect(mutations().filter((line) => line.startsWith('POST '))).toHaveLength(recordCount)

    h.sandbox.clearRequests()
    const second = await apply()
    expect(second.map((outcome) => outcome.action)).toEqual(Array.from({length: recordCount}, () => 'reused'))
    expect(second.map((outcome) => outcome.id)).toEqual(first.map((outcome) => outcome.id))
    expect(mutations()).toEqual([])
  })

  it('fills in references, the environment and the run id', async () => {
    const outcomes = await apply()
    const id = (key: string) => outcomes.find((outcome) => `${outcome.resource}.${outcome.name}` === key)!.id
    const tag = JSON.parse((await h.ac(['tags', 'get', id('tags.run'), '--json'])).stdout)
    expect(tag).toMatchObject({tag: 'Run 42', description: 'by ci'})
    const deal = JSON.parse((await h.ac(['deals', 'get', id('deals.big'), '--json'])).stdout)
    expect(deal).toMatchObject({contact: id('contacts.alice'), stage: id('dealStages.qualified')})
    const links = JSON.parse((await h.ac(['api', `/contacts/${id('contacts.alice')}/contactTags`])).stdout).contactTags
    expect(links.map((link: {tag: string}) => link.tag).sort()).toEqual([id('tags.vip'), id('tags.run')].sort())
    const values = JSON.parse((await h.ac(['api', `/contacts/${id('contacts.alice')}/fieldValues`])).stdout).fieldValues
    expect(values).toMatchObject([{field: id('fields.birthday'), value: '1990-01-01'}])
  })

  it('--dry-run prints the plan and sends nothing that changes the account', async () => {
    await h.ac(['tags', 'create', '--tag', 'VIP'])
    h.sandbox.clearRequests()
    const run = await h.ac(['seed', 'apply', file, '--dry-run', '--json'], {env})
    expect(run.code, run.stderr).toBe(0)
    const plan = JSON.parse(run.stdout) as Array<{name: string; action: string}>
    expect(plan.find((outcome) => outcome.name === 'vip')?.action).toBe('reuse')
    expect(plan.find((outcome) => outcome.name === 'alice')?.action).toBe('create')
    expect(mutations()).toEqual([])
    expect(existsSync(join(dir, 'e2e.42.state.json'))).toBe(false)
  })

  it('--update changes an existing record with the fixture’s fields; without it the record is left as it is', async () => {
    await h.ac(['tags', 'create', '--tag', 'VIP', '--description', 'old'])
    await apply()
    expect(JSON.parse((await h.ac(['tags', 'list', '--json'])).stdout).find((tag: {tag: string}) => tag.tag === 'VIP').description).toBe('old')
    writeFileSync(file, fixture.replace('vip: {tag: VIP}', 'vip: {tag: VIP, description: new}'))
    const outcomes = await apply('--update')
    expect(outcomes.find((outcome) => outcome.name === 'vip')?.action).toBe('updated')
    expect(JSON.parse((await h.ac(['tags', 'list', '--json'])).stdout).find((tag: {tag: string}) => tag.tag === 'VIP').description).toBe('new')
  })

  it.each([
    ['an unknown field', 'contacts:\n  a: {email: a@example.com, emial: b@example.com}\n', 'bad.yml:2: contacts.a: unknown field "emial" (did you mean "email"?)'],
    ['a cycle', 'contacts:\n  a: {email: "${contacts.b.email}"}\n  b: {email: "${contacts.a.email}"}\n', 'bad.yml:2: contacts.a: references go round in a circle: contacts.a → contacts.b → contacts.a'],
    ['an unknown reference', 'tags:\n  t: {tag: x}\ndeals:\n  d: {title: x, value: 1, currency: usd, contact: "${contacts.zed.id}"}\n', 'bad.yml:4: deals.d: ${contacts.zed.id} refers to contacts.zed, which is not in the fixture'],
    ['a missing variable', 'tags:\n  t: {tag: "${env.SEED_NOT_SET}"}\n', 'bad.yml:2: tags.t: ${env.SEED_NOT_SET} is not set'],
    ['a schema violation (a list where one value goes)', 'tags:\n  t: {tag: [a, b]}\n', 'bad.yml:2: tags.t: tag must be one value'],
    ['a missing natural key', 'lists:\n  l: {sender_url: x}\n', 'bad.yml:2: lists.l: missing name'],
    ['an unknown resource', 'tagz:\n  t: {tag: x}\n', 'bad.yml:1: unknown resource "tagz"'],
    ['malformed YAML', 'tags:\n  t: {tag: x\n', 'bad.yml:3: not valid YAML or JSON'],
    ['an empty file', '', 'bad.yml is empty'],
  ])('%s is exit 2 before any request, naming the file, line and record', async (_, text, message) => {
    const bad = writeFixture('bad.yml', text)
    const run = await h.ac(['seed', 'apply', bad], {env: {AC_RUN_ID: '1'}})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`Error: ${join(dir, message)}`)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(h.sandbox.requests).toEqual([])
  })

  it('a missing file is one line, exit 2, nothing sent', async () => {
    const run = await h.ac(['seed', 'apply', join(dir, 'nope.yml')])
    expect(run).toMatchObject({code: 2, stderr: `Error: No such file: ${join(dir, 'nope.yml')}\n`})
    expect(h.sandbox.requests).toEqual([])
  })

  it('takes JSON fixtures and the API’s resource names too', async () => {
    const json = writeFixture('f.json', JSON.stringify({dealGroups: {p: {title: 'P'}}, dealStages: {s: {title: 'S', group: '${dealGroups.p.id}'}}}))
    const run = await h.ac(['seed', 'apply', json, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).map((outcome: {action: string}) => outcome.action)).toEqual(['created', 'created'])
  })

  it('creates custom-object schemas and records (their id in the path), and finds them again by slug and externalId', async () => {
    const objects = writeFixture('objects.yml', `
schemas:
  car: {slug: car, labels: {singular: Car, plural: Cars}, fields: [{id: model, labels: {singular: Model, plural: Models}, type: text}]}
records:
  beetle: {schemaId: car, externalId: beetle-1, fields: [{id: model, value: Beetle}]}
`)
    const first = await h.ac(['seed', 'apply', objects, '--json'])
    expect(first.code, first.stderr).toBe(0)
    const [schema] = JSON.parse(first.stdout)
    expect(h.requestLines()).toContain(`POST /customObjects/records/${schema.id}`)
    const second = await h.ac(['seed', 'apply', objects, '--json'])
    expect(JSON.parse(second.stdout).map((outcome: {action: string}) => outcome.action)).toEqual(['reused', 'reused'])
    h.sandbox.clearRequests()
    expect((await h.ac(['seed', 'clean', objects, '--yes'])).code).toBe(0)
    expect(mutations()).toEqual([`DELETE /customObjects/records/${schema.id}/${JSON.parse(first.stdout)[1].id}`, `DELETE /customObjects/schemas/${schema.id}`])
  })

  it('the shipped JSON Schema is the one apply checks against', async () => {
    const run = await h.ac(['seed', 'schema'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(readFileSync(new URL('../../schema/fixture.schema.json', import.meta.url), 'utf8'))
  })
})

describe('the README’s CI job', () => {
  it('fixtures/e2e.yml (shown in the README) applies and cleans twice in a row, leaving the account as it was', async () => {
    const example = new URL('../../fixtures/e2e.yml', import.meta.url).pathname
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(readme).toContain(readFileSync(example, 'utf8'))
    const state = join(dir, 'ci.state.json')
    const ciEnv = {AC_RUN_ID: '1001-1', CI_USER: 'octocat'}
    const before = await accountSnapshot()
    for (let round = 0; round < 2; round++) {
      const applied = await h.ac(['seed', 'apply', example, '--state', state, '--json'], {env: ciEnv})
      expect(applied.code, applied.stderr).toBe(0)
      expect(JSON.parse(applied.stdout).every((outcome: {action: string}) => outcome.action === 'created')).toBe(true)
      const cleaned = await h.ac(['seed', 'clean', '--state', state, '--yes'], {env: ciEnv})
      expect(cleaned.code, cleaned.stderr).toBe(0)
    }

    expect(await accountSnapshot()).toEqual(before)
  })
})

describe('seed clean', () => {
  it('removes exactly what apply created and leaves what it reused or found', async () => {
    await h.ac(['tags', 'create', '--tag', 'VIP'])
    await h.ac(['contacts', 'create', '--email', 'someone@example.com'])
    const before = await accountSnapshot()
    await apply()
    const run = await h.ac(['seed', 'clean', file, '--yes', '--json'], {env})
    expect(run.code, run.stderr).toBe(0)
    const outcomes = JSON.parse(run.stdout) as Array<{name: string; action: string}>
    expect(outcomes.map((outcome) => outcome.name)).not.toContain('vip')
    expect(outcomes.every((outcome) => ['deleted', 'unsubscribed'].includes(outcome.action))).toBe(true)
    const after = await accountSnapshot()
    // The subscription is set to unsubscribed (the API has no DELETE for it); the contact it was on is gone.
    expect(after).toEqual(before)
    expect(existsSync(join(dir, 'e2e.42.state.json'))).toBe(false)
  })

  it('apply, clean, apply, clean in a row leaves the account as it was', async () => {
    const before = await accountSnapshot()
    for (let round = 0; round < 2; round++) {
      await apply()
      expect((await h.ac(['seed', 'clean', file, '--yes'], {env})).code).toBe(0)
    }

    expect(await accountSnapshot()).toEqual(before)
  })

  it('apply twice, then one clean, still removes everything the first apply created', async () => {
    const before = await accountSnapshot()
    await apply()
    await apply()
    expect((await h.ac(['seed', 'clean', file, '--yes'], {env})).code).toBe(0)
    expect(await accountSnapshot()).toEqual(before)
  })

  it('a record already gone counts as deleted (404), and the rest go on', async () => {
    const outcomes = await apply()
    const vip = outcomes.find((outcome) => outcome.name === 'vip')!
    await h.ac(['tags', 'delete', vip.id, '--yes'])
    const run = await h.ac(['seed', 'clean', file, '--yes', '--json'], {env})
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).find((outcome: {name: string}) => outcome.name === 'vip').action).toBe('already gone')
  })

  it('off a terminal it refuses without --yes: exit 2, nothing sent', async () => {
    await apply()
    h.sandbox.clearRequests()
    const run = await h.ac(['seed', 'clean', file], {env})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`Refusing to delete ${recordCount} records that seed apply created`)
    expect(h.sandbox.requests).toEqual([])
  })

  it('asks on a terminal, naming how many records', async () => {
    await apply()
    h.sandbox.clearRequests()
    const run = await onTerminal(['seed', 'clean', file], {...h.env, ...env}, [['?', 'n\r']])
    expect(run.output).toContain(`delete ${recordCount} records that seed apply created`)
    expect(run.code).toBe(2)
    expect(mutations()).toEqual([])
  })

  it('--dry-run lists what it would delete and sends nothing', async () => {
    await apply()
    h.sandbox.clearRequests()
    const run = await h.ac(['seed', 'clean', file, '--dry-run', '--json'], {env})
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toHaveLength(recordCount)
    expect(h.sandbox.requests).toEqual([])
    expect(existsSync(join(dir, 'e2e.42.state.json'))).toBe(true)
  })

  it('refuses a state file written for another account', async () => {
    await apply()
    const other = await startSandbox({rateLimit: false})
    try {
      const run = await h.ac(['seed', 'clean', file, '--yes'], {env: {...env, AC_API_URL: other.url, AC_API_TOKEN: other.token}})
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(`holds records of ${h.sandbox.url}`)
      expect(other.requests).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('with nothing to clean (no state file), exits 0', async () => {
    const run = await h.ac(['seed', 'clean', file, '--yes'], {env})
    expect(run.code, run.stderr).toBe(0)
    expect(h.sandbox.requests).toEqual([])
  })
})

describe('seed export', () => {
  it('writes a fixture that apply recreates on a fresh account, and that creates nothing on the same one', async () => {
    await apply()
    const exported = join(dir, 'exported.yml')
    const run = await h.ac(['seed', 'export', '--resources', 'tags,lists,fields,pipelines,stages,accounts,contacts,deals,notes,accountContacts', '--output-file', exported])
    expect(run.code, run.stderr).toBe(0)
    const text = readFileSync(exported, 'utf8')
    expect(text).toContain('alice-example-com:')
    expect(text).not.toMatch(/\b(cdate|udate|links|hash)\b/)

    h.sandbox.clearRequests()
    const again = await h.ac(['seed', 'apply', exported, '--json', '--state', join(dir, 'same.json')])
    expect(again.code, again.stderr).toBe(0)
    expect(JSON.parse(again.stdout).every((outcome: {action: string}) => outcome.action === 'reused')).toBe(true)
    expect(mutations()).toEqual([])

    const fresh = await startSandbox({rateLimit: false})
    try {
      const freshEnv = {AC_API_URL: fresh.url, AC_API_TOKEN: fresh.token}
      const copied = await h.ac(['seed', 'apply', exported, '--json', '--state', join(dir, 'fresh.json')], {env: freshEnv})
      expect(copied.code, copied.stderr).toBe(0)
      const strip = (snapshot: Record<string, unknown[]>) =>
        Object.fromEntries(Object.entries(snapshot).map(([name, rows]) => [name, rows.map((row) => stripVolatile(JSON.parse(String(row))))]))
      expect(strip(await accountSnapshot(fresh.url, fresh.token))).toEqual(strip(await accountSnapshot()))
    } finally {
      await fresh.close()
    }
  })

  it('--tag takes only the contacts with that tag, and what they need', async () => {
    await apply()
    await h.ac(['contacts', 'create', '--email', 'untagged@example.com'])
    const run = await h.ac(['seed', 'export', '--resources', 'contacts,deals', '--tag', 'VIP', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const exported = JSON.parse(run.stdout)
    expect(Object.keys(exported.contacts)).toEqual(['alice-example-com'])
    expect(Object.keys(exported.deals)).toEqual(['big-one'])
    // Pulled in because the contact and the deal point at them.
    expect(Object.keys(exported.tags).sort()).toEqual(['run-42', 'vip'])
    expect(exported.dealStages.qualified).toMatchObject({title: 'Qualified', group: 'sales'})
  })
})

/** Ids, dates and links differ between accounts; what the records say must not. */
function stripVolatile(record: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(record)) {
    if (['id', 'cdate', 'udate', 'created_timestamp', 'updated_timestamp', 'links', 'hash', 'mdate', 'edate', 'adate', 'created_utc_timestamp', 'updated_utc_timestamp'].includes(field)) continue
    kept[field] = value
  }

  return kept
}
