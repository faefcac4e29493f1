import {mkdtempSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {type Harness, useHarness} from '../helpers.js'

// Bad input, table-driven over every command family: each case exits 2 with ONE line on
// stderr naming the input and saying what to do, and not one request reaches the sandbox.

const h: Harness = useHarness()
let dir: string
const file = (name: string) => join(dir, name)

beforeAll(() => {
  dir = mkdtempSync(join(h.configDir, 'bad-'))
  writeFileSync(file('bad.yml'), 'tags:\n  a: {tag: [unclosed\n')
  writeFileSync(file('bad.json'), '{"tags": {"a": ')
  writeFileSync(file('list.yml'), '- tag: A\n')
  writeFileSync(file('unknown-field.yml'), 'tags:\n  a: {tag: A, colour: red}\n')
  writeFileSync(file('bad-ref.yml'), 'tags:\n  a: {tag: "${tags.zz.id}"}\n')
  writeFileSync(file('cycle.yml'), 'tags:\n  a: {tag: "${tags.b.tag}"}\n  b: {tag: "${tags.a.tag}"}\n')
  writeFileSync(file('unknown-resource.yml'), 'widgets:\n  a: {name: A}\n')
  writeFileSync(file('empty.yml'), '')
  writeFileSync(file('blank.json'), '  \n')
  writeFileSync(file('binary.dat'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0x00]))
  // 50 MB: over the 10 MB a request may carry, refused before it is read whole.
  writeFileSync(file('big.json'), Buffer.alloc(50 * 1024 * 1024, 0x20))
  writeFileSync(file('not-json.json'), 'tag: yaml, not json\n')
  h.sandbox.clearRequests()
})


// [family, args, what the one line must name]
const cases: Array<[string, string[], RegExp]> = [
  // ids
  ['contacts', ['contacts', 'get', 'abc'], /ID must be a contact id or email, got "abc"/],
  ['contacts', ['contacts', 'get', '--', '-5'], /ID must be a whole number.*"-5"/],
  ['contacts', ['contacts', 'update', '1.5', '--first-name', 'X'], /ID must be a whole number.*"1\.5"/],
  ['tags', ['tags', 'get', '--', '-3'], /ID must be a whole number.*"-3"/],
  ['tags', ['tags', 'delete', '2.5', '--yes'], /ID must be a whole number.*"2\.5"/],
  ['notes', ['notes', 'get', 'abc'], /ID must be a whole number.*"abc"/],
  ['deals', ['deals', 'get', '1e3'], /ID must be a whole number.*"1e3"/],
  ['webhooks', ['webhooks', 'delete', 'x', '--yes'], /ID must be a whole number.*"x"/],
  ['users', ['users', 'get', '--', '-1'], /ID must be a whole number.*"-1"/],
  // emails
  ['contacts', ['contacts', 'create', '--email', 'not-an-email'], /--email must be an email address, got "not-an-email"/],
  ['contacts', ['contacts', 'sync', '--email', 'two\nlines@example.com'], /--email must be an email address, got "two\\nlines@example\.com"/],
  ['contacts', ['contacts', 'sync', '--email', 'a@b'], /--email must be an email address, got "a@b"/],
  // --data
  ['contacts', ['contacts', 'create', '--data', '{bad'], /--data is not valid JSON/],
  ['tags', ['tags', 'create', '--data', '[1,'], /--data is not valid JSON/],
  ['tags', ['tags', 'create', '--data', '"a string"'], /--data must be a JSON object/],
  ['lists', ['lists', 'create', '--data', `@${'/nonexistent/body.json'}`], /No such file: \/nonexistent\/body\.json/],
  ['contacts', ['contacts', 'create', '--data', '@EMPTY'], /empty\.yml is empty/],
  ['contacts', ['contacts', 'create', '--data', '@BINARY'], /binary\.dat is not a text file/],
  ['contacts', ['contacts', 'create', '--data', '@BIG'], /big\.json is 50\.0 MB, more than the 10 MB/],
  ['contacts', ['contacts', 'create', '--data', '@NOTJSON'], /not-json\.json is not valid JSON/],
  // -F / -f / --input / --field / --filter / --sort
  ['api', ['api', 'POST', '/tags', '-F', 'novalue'], /-F takes NAME=VALUE, got "novalue"/],
  ['api', ['api', 'POST', '/tags', '-F', '=x'], /-F takes NAME=VALUE, got "=x"/],
  ['api', ['api', 'POST', '/tags', '-f', 'a[]=1', '-f', 'a[b]=2'], /Cannot mix \[\] and \[b\]/],
  // Was a TypeError crash (exit 1) until the property tests found it.
  ['api', ['api', 'POST', '/tags', '-f', 'a=1', '-f', 'a[b]=2'], /"a\[b\]" sets a field inside a, which is already a value/],
  ['api', ['api', 'POST', '/tags', '-f', 'name=line\nbreak', '-F', 'x'], /-F takes NAME=VALUE, got "x"/],
  ['api', ['api', 'POST', '/tags', '--input', '@BIG'], /big\.json is 50\.0 MB/],
  ['api', ['api', 'POST', '/tags', '--input', '@BINARY'], /binary\.dat is not a text file/],
  ['api', ['api', 'FETCH', '/tags'], /FETCH/],
  ['contacts', ['contacts', 'create', '--email', 'a@example.com', '--field', 'nope'], /--field takes NAME=VALUE, got "nope"/],
  ['contacts', ['contacts', 'list', '--filter', 'bad'], /--filter takes NAME=VALUE/],
  ['tags', ['tags', 'list', '--sort', 'tag:sideways'], /--sort takes FIELD or FIELD:asc\|desc/],
  // output
  ['tags', ['tags', 'list', '-o', 'xml'], /--output must be one of table, json, ndjson, csv, yaml; got "xml"/],
  ['seed', ['seed', 'export', '-o', 'csv'], /--output must be one of yaml, json; got "csv"/],
  // typed flags, unknown flags, missing fields
  ['tags', ['tags', 'list', '--limit', 'abc'], /--limit must be a whole number, got "abc"/],
  ['tags', ['tags', 'list', '--limit', '0'], /--limit must be a whole number of at least 1, got "0"/],
  ['deals', ['deals', 'create', '--title', 'x', '--value', 'lots'], /--value must be a whole number, got "lots"/],
  ['tags', ['tags', 'list', '--timeout', 'soon'], /--timeout must be a whole number.*got "soon"/],
  ['tags', ['tags', 'list', '--retries', '99'], /--retries.*less than or equal to 20/],
  ['tags', ['tags', 'list', '--max-writes', '-1'], /--max-writes/],
  ['tags', ['tags', 'list', '--bogus'], /Unknown flag --bogus/],
  ['contacts', ['contacts', 'get'], /^Error: Missing ID \(ID of the contact\)\. Usage: ac contacts get ID$/m],
  ['tags', ['tags', 'create'], /Missing --tag/],
  ['tags', ['tags', 'update', '5'], /Nothing to change/],
  ['tags', ['tags', 'delete', '5'], /Refusing|--yes/],
  // fixtures
  ['seed', ['seed', 'apply', 'BAD_YML'], /bad\.yml:3: not valid YAML or JSON/],
  ['seed', ['seed', 'apply', 'BAD_JSON'], /bad\.json:\d+: not valid YAML or JSON/],
  ['seed', ['seed', 'apply', 'LIST'], /a fixture is a map of resources/],
  ['seed', ['seed', 'apply', 'UNKNOWN_FIELD'], /unknown field "colour"/],
  ['seed', ['seed', 'apply', 'UNKNOWN_RESOURCE'], /widgets/],
  ['seed', ['seed', 'apply', 'BAD_REF'], /refers to tags\.zz, which is not in the fixture/],
  ['seed', ['seed', 'apply', 'CYCLE'], /references go round in a circle/],
  ['seed', ['seed', 'apply', '/nonexistent/fixture.yml'], /No such file: \/nonexistent\/fixture\.yml/],
  ['seed', ['seed', 'apply', 'EMPTY_FILE'], /empty\.yml is empty/],
  ['seed', ['seed', 'apply', 'BLANK'], /blank\.json is empty/],
  ['seed', ['seed', 'apply', 'BINARY_FILE'], /binary\.dat is not a text file/],
  ['seed', ['seed', 'apply', 'BIG_FILE'], /big\.json is 50\.0 MB/],
  ['seed', ['seed', 'apply', 'DIR'], /is a folder, not a file/],
  ['seed', ['seed', 'clean'], /Give the fixture FILE or --state FILE/],
  // the sandbox's own
  ['sandbox', ['sandbox', 'start', '--faults', 'nope:0.1'], /--faults "nope:0\.1": unknown fault nope \(one of 429, 502/],
  ['sandbox', ['sandbox', 'start', '--faults', '429:2'], /--faults "429:2": rate must be a number from 0 to 1/],
  // environment
  ['env', ['tags', 'list', '#AC_RETRIES=many'], /AC_RETRIES must be a whole number from 0 to 20, got "many"/],
  ['env', ['tags', 'list', '#AC_TIMEOUT=-4'], /AC_TIMEOUT must be a number of seconds above 0, got "-4"/],
  ['env', ['tags', 'list', '#AC_MAX_WRITES=lots'], /AC_MAX_WRITES must be a whole number/],
]

const placeholders: Record<string, () => string> = {
  BAD_YML: () => file('bad.yml'), BAD_JSON: () => file('bad.json'), LIST: () => file('list.yml'),
  UNKNOWN_FIELD: () => file('unknown-field.yml'), UNKNOWN_RESOURCE: () => file('unknown-resource.yml'),
  BAD_REF: () => file('bad-ref.yml'), CYCLE: () => file('cycle.yml'), EMPTY_FILE: () => file('empty.yml'),
  BLANK: () => file('blank.json'), BINARY_FILE: () => file('binary.dat'), BIG_FILE: () => file('big.json'), DIR: () => dir,
  '@EMPTY': () => `@${file('empty.yml')}`, '@BINARY': () => `@${file('binary.dat')}`, '@BIG': () => `@${file('big.json')}`, '@NOTJSON': () => `@${file('not-json.json')}`,
}

describe('bad input: exit 2, one line naming it, zero requests', () => {
  it.concurrent.each(cases)('%s: ac %j', async (_, args, named) => {
    const env: Record<string, string> = {}
    const words = args.filter((word) => {
      if (!word.startsWith('#')) return true
      const [name, value] = word.slice(1).split('=')
      env[name] = value
      return false
    }).map((word) => placeholders[word]?.() ?? word)
    const run = await h.ac(words, {env})
    expect(run.code, run.stderr).toBe(2)
    const lines = run.stderr.split('\n').filter(Boolean)
    expect(lines, run.stderr).toHaveLength(1)
    expect(lines[0]).toMatch(/^Error: /)
    expect(lines[0]).toMatch(named)
    expect(run.stdout).toBe('')
  })

  // The cases run side by side: the log is checked once they have all ended.
  it(`all ${cases.length} of them together sent no request at all`, () => {
    expect(h.sandbox.requests).toEqual([])
  })
})
