import {createServer} from 'node:net'

import {beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {type Harness, type Run, useHarness} from '../helpers.js'

// Every error shape the API has (API-FACTS.md, "Errors: no single shape") → the contract's
// exit code and ONE line `Error: ...` on stderr carrying the API's own words.

const h: Harness = useHarness()
const origin = () => h.sandbox.url.replace(/\/api\/3$/, '')

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${origin()}/__sandbox${path}`, {method, body: body === undefined ? undefined : JSON.stringify(body)})
  expect(response.ok).toBe(true)
  return response.json()
}

/** The one stderr line, asserting there is exactly one and that it starts with `Error: `. */
function errorLine(run: Run): string {
  const lines = run.stderr.split('\n').filter((line) => line.trim() !== '')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: \S/)
  return lines[0]
}

const stackFrame = /^\s+at .+[(:]/m

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

beforeAll(async () => {
  await control('POST', '/seed', {contacts: [{email: 'taken@example.com', firstName: 'Taken'}]})
})

beforeEach(async () => {
  await control('DELETE', '/faults')
  h.sandbox.clearRequests()
})

describe('credentials', () => {
  it('a token the API refuses (403) is exit 3 with the API message and a pointer to `ac auth status`', async () => {
    const run = await h.ac(['contacts', 'list'], {env: {AC_API_TOKEN: 'not-the-token'}})
    expect(run.code).toBe(3)
    const line = errorLine(run)
    expect(line).toContain('403')
    expect(line).toContain('You are not authorized to access this resource')
    expect(line).toContain('ac auth status')
    expect(run.stdout).toBe('')
  })

  it('no token is exit 3 naming `ac auth login`, and sends nothing (not even to the URL it has)', async () => {
    // AC_API_URL still points at the sandbox: a request sent without a token would show in its log.
    const run = await h.ac(['contacts', 'list'], {env: {AC_API_TOKEN: undefined}})
    expect(run.code).toBe(3)
    // A warning that the lone AC_API_URL is ignored may come first; the error names the way out.
    expect(run.stderr).toMatch(/^Error: .*ac auth login/m)
    expect(run.stdout).toBe('')
    expect(h.sandbox.requests).toHaveLength(0)
  })
})

describe('API error bodies', () => {
  it('404 `{"message":...}` is exit 4 with the message verbatim', async () => {
    const run = await h.ac(['contacts', 'get', '99'])
    expect(run.code).toBe(4)
    const line = errorLine(run)
    expect(line).toContain('No Result found for contact with id 99')
    expect(line).toContain('/contacts/99')
  })

  it('422 duplicate is exit 5 with the title and the source pointer', async () => {
    const run = await h.ac(['contacts', 'create', '--email', 'taken@example.com'])
    expect(run.code).toBe(5)
    const line = errorLine(run)
    expect(line).toContain('already exists')
    expect(line).toContain('/data/attributes/email')
    expect(h.requestLines()).toEqual(['POST /contacts'])
  })

  it('`errors` as an array of strings: every string is in the line', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', status: 422, body: {errors: ['Tag name is too long', 'Tag type is not valid']}})
    const run = await h.ac(['tags', 'create', '--tag', 'x', '--tag-type', 'contact'])
    expect(run.code).toBe(5)
    const line = errorLine(run)
    expect(line).toContain('Tag name is too long')
    expect(line).toContain('Tag type is not valid')
  })

  it('`errors` as a bare string is in the line', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', status: 400, body: {errors: 'The tag service is read-only'}})
    const run = await h.ac(['tags', 'create', '--tag', 'x', '--tag-type', 'contact'])
    expect(run.code).toBe(5)
    expect(errorLine(run)).toContain('The tag service is read-only')
  })

  it('an empty `{}` 400 still names the request and the status', async () => {
    h.sandbox.addFaults({method: 'POST', path: '/tags', status: 400, body: {}})
    const run = await h.ac(['tags', 'create', '--tag', 'x', '--tag-type', 'contact'])
    expect(run.code).toBe(5)
    const line = errorLine(run)
    expect(line).toContain('POST /tags')
    expect(line).toContain('400')
    expect(line).not.toContain('{}')
  })

  it('a custom-object `source:{type:"pointer",value}` error shows title, detail and the pointer value', async () => {
    h.sandbox.addFaults({
      method: 'POST', path: '/customObjects/records/*', status: 422,
      body: {errors: [{title: 'Invalid field value', detail: 'price must be a number', code: 'field_invalid',
        source: {type: 'pointer', value: '/record/fields/0/value'}}]},
    })
    const run = await h.ac(['custom-objects', 'records', 'create', 'a1b2c3', '--external-id', 'x1', '--data', '{"record":{"fields":[{"id":"price","value":"abc"}]}}'])
    expect(run.code).toBe(5)
    const line = errorLine(run)
    expect(line).toContain('Invalid field value')
    expect(line).toContain('price must be a number')
    expect(line).toContain('/record/fields/0/value')
  })

  it('a 500 is exit 1 with the API message', async () => {
    // Several, so that the outcome is the same whether or not the client retries a 500.
    h.sandbox.addFaults({method: 'GET', path: '/contacts', status: 500, body: {message: 'Database is on fire'}, times: 5})
    const run = await h.ac(['contacts', 'list'])
    expect(run.code).toBe(1)
    const line = errorLine(run)
    expect(line).toContain('500')
    expect(line).toContain('Database is on fire')
    expect(run.stdout).toBe('')
  })

  it('a 503 that outlasts every retry is exit 1 with the API message', async () => {
    h.sandbox.addFaults({method: 'GET', path: '/contacts', status: 503, body: {message: 'Down for maintenance'}, headers: {'Retry-After': '0'}, times: 5})
    const run = await h.ac(['contacts', 'list'])
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('Down for maintenance')
    expect(h.sandbox.requests.length).toBeGreaterThan(1)
    expect(h.sandbox.requests.every((request) => request.status === 503)).toBe(true)
  })

  it('connection refused is exit 1, one line naming the URL to check', async () => {
    const port = await closedPort()
    const run = await h.ac(['contacts', 'list'], {env: {AC_API_URL: `http://127.0.0.1:${port}`}})
    expect(run.code).toBe(1)
    const line = errorLine(run)
    expect(line).toContain('connection refused')
    expect(line).toContain(`127.0.0.1:${port}`)
    expect(run.stderr).not.toMatch(stackFrame)
  })
})

describe('--json errors', () => {
  it('prints {"error":{code,status,message}} on stdout as well as the line on stderr', async () => {
    const [notFound, refused, duplicate] = await Promise.all([
      h.ac(['contacts', 'get', '99', '--json']),
      h.ac(['contacts', 'list', '--json'], {env: {AC_API_TOKEN: 'not-the-token'}}),
      h.ac(['contacts', 'create', '--email', 'TAKEN@example.com', '--json']),
    ])
    expect(notFound.code).toBe(4)
    expect(errorLine(notFound)).toContain('No Result found')
    expect(JSON.parse(notFound.stdout)).toEqual({error: {code: 'not_found', status: 404, message: expect.stringContaining('No Result found for contact with id 99')}})

    expect(refused.code).toBe(3)
    expect(JSON.parse(refused.stdout).error).toMatchObject({code: 'unauthorized', status: 403, message: expect.stringContaining('not authorized')})

    expect(duplicate.code).toBe(5)
    expect(JSON.parse(duplicate.stdout).error).toMatchObject({code: 'duplicate', status: 422, message: expect.stringContaining('already exists')})
  })

  // Regression: --json was learnt from the parse that failed, so usage errors were not JSON.
  it('reports a usage error as JSON on stdout too', async () => {
    const run = await h.ac(['contacts', 'list', '--json', '--limit', 'abc'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout).error).toMatchObject({code: 'usage'})
  })
})

describe('stack traces', () => {
  it('prints no stack trace without --debug, and one with it', async () => {
    const [plain, debug] = await Promise.all([
      h.ac(['contacts', 'get', '99']),
      h.ac(['contacts', 'get', '99', '--debug']),
    ])
    expect(plain.code).toBe(4)
    expect(plain.stderr).not.toMatch(stackFrame)
    expect(debug.code).toBe(4)
    expect(debug.stderr).toMatch(/^Error: .*No Result found/m)
    expect(debug.stderr).toMatch(stackFrame)
  })
})

describe('usage errors', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a non-integer --limit', ['contacts', 'list', '--limit', 'abc'], /--limit/],
    ['a --limit below 1', ['contacts', 'list', '--limit', '0'], /--limit/],
    ['an unknown flag', ['contacts', 'list', '--bogus'], /--bogus/],
    ['an unknown output format', ['contacts', 'list', '-o', 'xml'], /xml|--output/],
    ['a missing id argument', ['contacts', 'get'], /^Error: Missing ID/],
  ]

  it.each(cases)('%s is exit 2, one line, and no request', async (_name, args, mentions) => {
    const run = await h.ac(args)
    expect(run.code).toBe(2)
    expect(errorLine(run)).toMatch(mentions)
    expect(run.stderr).not.toMatch(stackFrame)
    expect(run.stdout).toBe('')
    expect(h.sandbox.requests).toHaveLength(0)
  })
})
