import {beforeAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'

import {type Harness, type Run, runScript, shellQuote, useHarness} from '../helpers.js'

// Output formats, read back the way a script would read them: JSON.parse, line splits,
// an RFC 4180 CSV parser, the `yaml` package. Plus what a terminal (a real pty via
// util-linux `script`) gets that a pipe does not.

const h: Harness = useHarness()

const tricky = 'Ann, "Annie"\nSmith'
const people = [
  {email: 'ann@example.com', firstName: tricky, lastName: 'Smith', phone: '+1 555 0100'},
  {email: 'bob@example.com', firstName: 'Bob', lastName: 'Jones', phone: ''},
  {email: 'cy@example.com', firstName: 'Cy', lastName: 'Tab\there', phone: ''},
]
let ids: string[] = []

const ansi = /\u001B\[/
const boxDrawing = /[\u2500-\u257F]/

async function seed(body: unknown): Promise<Record<string, string[]>> {
  const response = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify(body)})
  expect(response.status).toBe(201)
  return (await response.json()) as Record<string, string[]>
}

/** RFC 4180: fields separated by commas, records by CRLF or LF, quoted fields may hold both and "" is a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }

  if (quoted) throw new Error('unterminated quoted field')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }

  return rows
}

/** The CLI on a pseudo-terminal: `script` gives it a TTY for stdin, stdout and stderr. */
function acOnTty(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const command = [process.execPath, new URL('../../bin/run.js', import.meta.url).pathname, ...args].map(shellQuote).join(' ')
  return runScript(command, {...h.env, ...env})
}

// Every test only reads: they run concurrently against one seeded sandbox.
beforeAll(async () => {
  ids = (await seed({contacts: people})).contacts
  expect(ids).toHaveLength(3)
})

describe.concurrent('list formats', () => {
  it('-o json prints an array of the records themselves, not the API envelope', async () => {
    const run = await h.ac(['contacts', 'list', '-o', 'json'])
    expect(run.code).toBe(0)
    const records = JSON.parse(run.stdout)
    expect(Array.isArray(records)).toBe(true)
    expect(records.map((record: {email: string}) => record.email)).toEqual(people.map((person) => person.email))
    expect(records[0].firstName).toBe(tricky)
    expect(records[0].id).toBe(ids[0])
    expect(run.stdout).not.toContain('"meta"')
  })

  it('--json prints exactly what -o json prints', async () => {
    const [flag, option] = await Promise.all([h.ac(['contacts', 'list', '--json']), h.ac(['contacts', 'list', '-o', 'json'])])
    expect(flag.code).toBe(0)
    expect(JSON.parse(flag.stdout)).toEqual(JSON.parse(option.stdout))
    expect(JSON.parse(flag.stdout)).toHaveLength(3)
  })

  it('-o json prints an empty array when nothing matches', async () => {
    const run = await h.ac(['contacts', 'list', '--json', '--email', 'nobody@example.com'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
  })

  it('-o ndjson prints one JSON record per line', async () => {
    const run = await h.ac(['contacts', 'list', '-o', 'ndjson'])
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(3)
    const records = lines.map((line) => JSON.parse(line))
    expect(records.map((record) => record.id)).toEqual(ids)
    expect(records[0].firstName).toBe(tricky)
  })

  it('-o csv quotes per RFC 4180: a comma, a quote and a newline survive the round trip', async () => {
    const run = await h.ac(['contacts', 'list', '-o', 'csv'])
    expect(run.code).toBe(0)
    const [header, ...rows] = parseCsv(run.stdout)
    expect(header).toEqual(['id', 'email', 'firstName', 'lastName', 'phone'])
    expect(rows).toHaveLength(3)
    for (const row of rows) expect(row).toHaveLength(header.length)
    const byEmail = Object.fromEntries(rows.map((row) => [row[1], Object.fromEntries(header.map((name, i) => [name, row[i]]))]))
    expect(byEmail['ann@example.com']).toEqual({id: ids[0], ...people[0]})
    expect(byEmail['cy@example.com'].lastName).toBe('Tab\there')
  })

  it('-o yaml parses back (yaml package) to the same records as -o json', async () => {
    const [yaml, json] = await Promise.all([h.ac(['contacts', 'list', '-o', 'yaml']), h.ac(['contacts', 'list', '--json'])])
    expect(yaml.code).toBe(0)
    const records = parseYaml(yaml.stdout)
    expect(Array.isArray(records)).toBe(true)
    expect(records).toHaveLength(3)
    expect(records[0].firstName).toBe(tricky)
    expect(records.map((record: {id: string}) => record.id)).toEqual(ids)
    expect(records).toEqual(JSON.parse(json.stdout))
  })
})

describe.concurrent('table', () => {
  it('prints a header line and one tab-separated line per record when piped, with no box-drawing characters', async () => {
    const run = await h.ac(['contacts', 'list'])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(boxDrawing)
    const lines = run.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1 + people.length)
    const [header, ...rows] = lines.map((line) => line.split('\t'))
    expect(header).toEqual(['id', 'email', 'firstName', 'lastName', 'phone'])
    for (const row of rows) expect(row).toHaveLength(header.length)
    expect(rows.map((row) => row[0])).toEqual(ids)
    // A newline or tab inside a value cannot break the one-line-per-record promise.
    expect(rows[0][2]).toBe('Ann, "Annie" Smith')
    expect(rows[2][3]).toBe('Tab here')
  })

  it('--columns picks the table columns, in the order given', async () => {
    const run = await h.ac(['contacts', 'list', '--columns', 'email,id'])
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n').filter(Boolean)
    expect(lines[0]).toBe('email\tid')
    expect(lines.slice(1)).toEqual(people.map((person, i) => `${person.email}\t${ids[i]}`))
  })

  it('--columns picks the csv columns, including nested fields with a.b', async () => {
    const run = await h.ac(['contacts', 'list', '-o', 'csv', '--columns', 'id,email,links.contactTags'])
    expect(run.code).toBe(0)
    const rows = parseCsv(run.stdout)
    expect(rows[0]).toEqual(['id', 'email', 'links.contactTags'])
    expect(rows.slice(1).map((row) => row.slice(0, 2))).toEqual(people.map((person, i) => [ids[i], person.email]))
    expect(rows[1][2]).toMatch(new RegExp(`/contacts/${ids[0]}/contactTags$`))
  })

  it('draws borders on a terminal', async () => {
    const run = await acOnTty(['contacts', 'list'], {NO_COLOR: '1', TERM: 'xterm'})
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/[┌┐└┘]/)
    expect(run.stdout).toMatch(/│ *email *│/)
    expect(run.stdout).toContain('bob@example.com')
    expect(run.stdout).not.toContain('id\temail')
  })

  it('colours the terminal table unless NO_COLOR is set', async () => {
    const [coloured, plain] = await Promise.all([
      acOnTty(['contacts', 'list'], {NO_COLOR: undefined, TERM: 'xterm'}),
      acOnTty(['contacts', 'list'], {NO_COLOR: '1', TERM: 'xterm'}),
    ])
    expect(coloured.code).toBe(0)
    expect(coloured.stdout).toMatch(ansi)
    expect(plain.code).toBe(0)
    expect(plain.stdout).toMatch(boxDrawing)
    expect(plain.stdout).not.toMatch(ansi)
  })

  it('shows one record whole on a terminal: a title line, then `label: value` lines (test/cli/whole-records.test.ts has the rest)', async () => {
    const run = await acOnTty(['contacts', 'get', ids[1]], {NO_COLOR: '1', TERM: 'xterm'})
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Bob Jones <bob@example\.com>\r?\ncontact \d+\r?\n/)
    expect(run.stdout).toMatch(/^email: +bob@example\.com\r?$/m)
  })
})

describe.concurrent('one record', () => {
  it('contacts get --json prints the record as an object, not an array or envelope', async () => {
    const run = await h.ac(['contacts', 'get', ids[0], '--json'])
    expect(run.code).toBe(0)
    const record = JSON.parse(run.stdout)
    expect(Array.isArray(record)).toBe(false)
    expect(record).toMatchObject({id: ids[0], email: 'ann@example.com', firstName: tricky})
    expect(record).not.toHaveProperty('contact')
  })

  it('contacts get -o yaml prints the record as a mapping', async () => {
    const run = await h.ac(['contacts', 'get', ids[1], '-o', 'yaml'])
    expect(run.code).toBe(0)
    expect(parseYaml(run.stdout)).toMatchObject({id: ids[1], email: 'bob@example.com'})
  })
})

describe.concurrent('streams', () => {
  it('stdout carries only data on success: json parses whole and stderr is empty when piped', async () => {
    const runs = await Promise.all(['json', 'ndjson', 'csv', 'yaml', 'table'].map((format) => h.ac(['contacts', 'list', '-o', format])))
    for (const run of runs) {
      expect(run.code).toBe(0)
      expect(run.stderr).toBe('')
    }

    expect(() => JSON.parse(runs[0].stdout)).not.toThrow()
  })

  it('stdout stays empty on failure; the message goes to stderr', async () => {
    const run = await h.ac(['contacts', 'get', '99999'])
    expect(run.code).toBe(4)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^Error: /)
  })

  it('prints no ANSI escapes when piped, with or without NO_COLOR', async () => {
    const runs = await Promise.all([
      h.ac(['contacts', 'list'], {env: {NO_COLOR: undefined, TERM: 'xterm-256color', FORCE_COLOR: undefined}}),
      h.ac(['contacts', 'list', '-o', 'yaml'], {env: {NO_COLOR: undefined, TERM: 'xterm-256color'}}),
      h.ac(['contacts', 'get', '99999'], {env: {NO_COLOR: undefined, TERM: 'xterm-256color'}}),
      h.ac(['contacts', 'list']),
    ])
    expect(runs[0].stdout).toContain('ann@example.com')
    expect(runs[2].stderr).toContain('Error:')
    for (const run of runs) {
      expect(run.stdout).not.toMatch(ansi)
      expect(run.stderr).not.toMatch(ansi)
    }
  })
})
