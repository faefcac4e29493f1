// `ac contacts export`: every contact, with field values, tags and lists by name, from pages
// that carry their own sideloads; the output imports again as it is.

import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeEach, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

const h = useHarness({importDelayMs: 50, importQuota: false})
const dir = mkdtempSync(join(tmpdir(), 'ac-export-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.clearRequests()
})

async function ok(args: string[], input?: string): Promise<string> {
  const run = await h.ac(args, {input})
  expect(run.code, run.stderr).toBe(0)
  return run.stdout
}

/** Two lists, a custom field and 205 contacts (three pages), tagged and subscribed. */
async function seed(): Promise<void> {
  await ok(['api', 'POST', '/lists', '-F', 'list[name]=News', '-F', 'list[sender_url]=https://example.com', '-F', 'list[sender_reminder]=x'])
  await ok(['api', 'POST', '/lists', '-F', 'list[name]=Offers', '-F', 'list[sender_url]=https://example.com', '-F', 'list[sender_reminder]=x'])
  await ok(['api', 'POST', '/fields', '-F', 'field[title]=Colour', '-F', 'field[type]=text'])
  const lines = ['email,first_name,last_name,Colour,tags,lists']
  for (let index = 0; index < 205; index++) {
    lines.push(`p${index}@example.com,P${index},L${index},${index % 2 ? 'red' : ''},${index % 3 ? 'vip|new' : 'new'},${index % 5 ? 'News' : 'News|Offers'}`)
  }

  await ok(['contacts', 'import', '-', '--wait'], lines.join('\n') + '\n')
}

describe('contacts export', () => {
  it('writes CSV with field values by title and tags and lists by name, from pages with include=', async () => {
    await seed()
    h.sandbox.clearRequests()
    const csv = await ok(['contacts', 'export', '--with-fields', '--with-tags', '--with-lists'])
    const lines = csv.trimEnd().split('\n')
    expect(lines[0]).toBe('id,email,firstName,lastName,phone,orgname,Colour,tags,lists')
    expect(lines).toHaveLength(206)
    expect(lines[1]).toBe('1,p0@example.com,P0,L0,,,,new,News|Offers')
    expect(lines[2]).toBe('2,p1@example.com,P1,L1,,,red,vip|new,News')
    const pages = h.sandbox.requests.filter((request) => request.path === '/contacts')
    expect(pages).toHaveLength(3)
    expect(pages.every((request) => request.query.include === 'fieldValues,contactTags,contactLists')).toBe(true)
    // Definitions and names once each, not per page or per contact.
    expect(h.requestLines().filter((line) => line !== 'GET /contacts')).toEqual(['GET /fields', 'GET /tags', 'GET /lists'])
  })

  it('writes NDJSON with arrays, filtered by tag and list name', async () => {
    await seed()
    const lines = (await ok(['contacts', 'export', '-o', 'ndjson', '--with-tags', '--with-lists', '--tag', 'vip', '--list', 'Offers'])).trimEnd().split('\n')
    const records = lines.map((line) => JSON.parse(line))
    // vip: index % 3 != 0; Offers: index % 5 == 0 → 5, 10, 20, 25, ...
    expect(records.map((record) => record.email).slice(0, 3)).toEqual(['p5@example.com', 'p10@example.com', 'p20@example.com'])
    expect(records[0]).toEqual({id: '6', email: 'p5@example.com', firstName: 'P5', lastName: 'L5', phone: '', orgname: '', tags: ['vip', 'new'], lists: ['News', 'Offers']})
    expect(records).toHaveLength(Array.from({length: 205}, (_, index) => index).filter((index) => index % 3 && index % 5 === 0).length)
  })

  it('--columns picks columns and --output-file writes the file whole, nothing on stdout', async () => {
    await seed()
    const path = join(dir, 'picked.csv')
    expect(await ok(['contacts', 'export', '--columns', 'email,Colour', '--with-fields', '--output-file', path])).toBe('')
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(lines.slice(0, 3)).toEqual(['email,Colour', 'p0@example.com,', 'p1@example.com,red'])
  })

  it('an export re-imports on a fresh account and reproduces the contacts, their fields, tags and lists', async () => {
    await seed()
    const path = join(dir, 'round-trip.csv')
    await ok(['contacts', 'export', '--with-fields', '--with-tags', '--with-lists', '--output-file', path])
    const before = await ok(['contacts', 'export', '--with-fields', '--with-tags', '--with-lists', '-o', 'ndjson'])

    h.sandbox.reset()
    // The account's structure comes first (seed apply's job); contacts, tags and values come from the file.
    await ok(['api', 'POST', '/lists', '-F', 'list[name]=News', '-F', 'list[sender_url]=https://example.com', '-F', 'list[sender_reminder]=x'])
    await ok(['api', 'POST', '/lists', '-F', 'list[name]=Offers', '-F', 'list[sender_url]=https://example.com', '-F', 'list[sender_reminder]=x'])
    await ok(['api', 'POST', '/fields', '-F', 'field[title]=Colour', '-F', 'field[type]=text'])
    const run = await h.ac(['contacts', 'import', path, '--wait', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({rows: 205, imported: 205, failed: 0, invalid: 0})
    const after = await ok(['contacts', 'export', '--with-fields', '--with-tags', '--with-lists', '-o', 'ndjson'])
    const comparable = (text: string) => text.trimEnd().split('\n').map((line) => ({...JSON.parse(line), id: undefined}))
    expect(comparable(after)).toEqual(comparable(before))
  })

  it('NDJSON export imports again through stdin', async () => {
    await seed()
    const ndjson = await ok(['contacts', 'export', '-o', 'ndjson', '--with-tags'])
    const run = await h.ac(['contacts', 'import', '-', '--json'], {input: ndjson})
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({rows: 205, queued: 205, failed: 0})
  })
})
