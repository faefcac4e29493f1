import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import type {LoggedRequest} from '../../src/lib/sandbox/server.js'
import {type Harness, type Run, runAc, useHarness} from '../helpers.js'

// One test per bug found in review, each failing before its fix. Most run the CLI against
// the sandbox; where the sandbox cannot answer the way a real server (or a broken proxy in
// front of it) might, a tiny node:http server inside the test does.

const h: Harness = useHarness()
const origin = () => h.sandbox.url.replace(/\/api\/3$/, '')
const bin = new URL('../../bin/run.js', import.meta.url).pathname
const stackFrame = /^\s+at .+[(:]/m
const range = (count: number, from = 1) => Array.from({length: count}, (_, i) => from + i)

let workDir = ''
let contactIds: string[] = []

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${origin()}/__sandbox${path}`, {method, body: body === undefined ? undefined : JSON.stringify(body)})
  expect(response.ok).toBe(true)
  return response.json()
}

function sent(method: string, path?: string): LoggedRequest[] {
  return h.sandbox.requests.filter((request) => request.method === method && (path === undefined || request.path === path))
}

function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter((line) => line.trim() !== '')
}

/** The one stderr line, asserting there is exactly one, that it starts with `Error: `, and no crash output. */
function errorLine(run: Run): string {
  const lines = stderrLines(run)
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: \S/)
  expect(run.stderr).not.toMatch(stackFrame)
  expect(run.stderr).not.toContain('Node.js v')
  expect(run.stderr).not.toContain('AcError:')
  return lines[0]
}

// --- a tiny HTTP server per test, for answers the sandbox does not give --------------------

interface Received {
  method: string
  url: URL
  headers: IncomingHttpHeaders
}

interface Tiny {
  /** `http://HOST:PORT`, for AC_API_URL. */
  url: string
  received: Received[]
}

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>

const openServers: Array<ReturnType<typeof createServer>> = []

async function tinyServer(handler: Handler, host = '127.0.0.1'): Promise<Tiny> {
  const received: Received[] = []
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://tiny.local')
    received.push({method: request.method ?? 'GET', url, headers: request.headers})
    request.resume()
    request.on('end', () => {
      Promise.resolve(handler(request, response, url)).catch(() => response.destroy())
    })
  })
  openServers.push(server)
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return {url: `http://${host}:${(server.address() as AddressInfo).port}`, received}
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return
  response.writeHead(status, {'Content-Type': 'application/json', ...headers})
  response.end(JSON.stringify(body))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const tags = (from: number, count: number) => range(count, from).map((i) => ({id: String(i), tag: `tag-${i}`, tagType: 'contact'}))

/** The CLI against a tiny server (its own URL, any token). */
function acAt(tiny: Tiny, args: string[], input?: string): Promise<Run> {
  return runAc(args, {...h.env, AC_API_URL: tiny.url, AC_API_TOKEN: 'x'}, input)
}

/** The CLI as a child we can time out or signal; a timeout kills it and reports code -1. */
function spawnAc(args: string[], env: Record<string, string>, options: {
  timeoutMs: number
  onStart?: (signal: (name: NodeJS.Signals) => void) => void
  /** Called once, on the first chunk the CLI writes to stdout. */
  onFirstStdout?: (signal: (name: NodeJS.Signals) => void) => void
}): Promise<Run & {signal: string | null}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const first = stdout === ''
      stdout += chunk
      if (first) options.onFirstStdout?.((name) => child.kill(name))
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    child.stdin.end()
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs)
    options.onStart?.((name) => child.kill(name))
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code: timedOut ? -1 : (code ?? -1), signal, stdout, stderr})
    })
  })
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ac-regressions-'))
  const seeded = await control('POST', '/seed', {
    contacts: range(250).map((i) => ({email: `person${i}@example.com`, firstName: `P${i}`})),
    tags: [{tag: 'VIP', tagType: 'contact'}],
  })
  contactIds = seeded.contacts
  expect(contactIds.slice(0, 3)).toEqual(['1', '2', '3'])
}, 30_000)

afterAll(() => {
  if (workDir) rmSync(workDir, {recursive: true, force: true})
})

beforeEach(async () => {
  await control('DELETE', '/faults')
  h.sandbox.clearRequests()
})

afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })))
})

describe('paging', () => {
  it('a later page that fails while others are in flight is one Error line and its exit code, never a crash', async () => {
    // 500 tags: page 1 at once, then offsets 100..400 in flight together; 300 is a 404
    // that arrives while 100 and 200 are still pending.
    const tiny = await tinyServer(async (_request, response, url) => {
      const offset = Number(url.searchParams.get('offset') ?? 0)
      const limit = Number(url.searchParams.get('limit') ?? 20)
      if (offset === 300) return sendJson(response, 404, {message: 'No Result found for Tag'})
      if (offset > 0) await sleep(400)
      sendJson(response, 200, {tags: tags(offset + 1, limit), meta: {total: '500'}})
    })
    const [list, api] = await Promise.all([
      acAt(tiny, ['tags', 'list', '--all', '-o', 'ndjson']),
      acAt(tiny, ['api', '/tags', '--paginate', '-o', 'ndjson']),
    ])
    for (const run of [list, api]) {
      expect(run.code, run.stderr).toBe(4)
      expect(errorLine(run)).toMatch(/404|No Result found/)
    }
  })

  it('an endpoint that ignores limit/offset and gives no meta.total is read once, not forever', async () => {
    const records = range(150).map((i) => ({id: String(i), name: `thing-${i}`}))
    const tiny = await tinyServer((_request, response) => sendJson(response, 200, {things: records}))
    const run = await spawnAc(['api', '/nopaging', '--paginate', '-o', 'ndjson'], {...h.env, AC_API_URL: tiny.url, AC_API_TOKEN: 'x'}, {timeoutMs: 8000})
    expect(run.code, 'the CLI did not finish within 8 s').toBe(0)
    expect(run.stdout.trim().split('\n')).toHaveLength(150)
  })

  it('a meta.total of null pages through every record', async () => {
    const tiny = await tinyServer((_request, response, url) => {
      const offset = Number(url.searchParams.get('offset') ?? 0)
      const limit = Number(url.searchParams.get('limit') ?? 20)
      const all = range(250).map((i) => ({id: String(i), name: `thing-${i}`}))
      sendJson(response, 200, {things: all.slice(offset, offset + limit), meta: {total: null}})
    })
    const run = await acAt(tiny, ['api', '/things', '--paginate', '-o', 'ndjson'])
    expect(run.code, run.stderr).toBe(0)
    const ids = run.stdout.trim().split('\n').map((line) => JSON.parse(line).id)
    expect(ids).toEqual(range(250).map(String))
  })

  it('--paginate over a 200 `{}` with no records array is exit 1, one Error line', async () => {
    const tiny = await tinyServer((_request, response) => sendJson(response, 200, {}))
    const run = await acAt(tiny, ['api', '/things', '--paginate'])
    expect(run.code).toBe(1)
    errorLine(run)
  })

  it('contacts list --id-greater 200 --limit 3 returns 201, 202, 203 and asks the API for id_greater=200', async () => {
    const run = await h.ac(['contacts', 'list', '--id-greater', '200', '--limit', '3', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect((JSON.parse(run.stdout) as Array<{id: string}>).map((record) => record.id)).toEqual(['201', '202', '203'])
    expect(sent('GET', '/contacts').map((request) => request.query.id_greater)).toContain('200')
  })
})

describe('redirects', () => {
  it('a 302 to another host is not followed: the token never reaches it, exit 1 naming the redirect', async () => {
    const elsewhere = await tinyServer((_request, response) => sendJson(response, 200, {user: {id: '1', email: 'thief@example.com'}}), '127.0.0.2')
    const tiny = await tinyServer((_request, response, url) => {
      response.writeHead(302, {Location: `${elsewhere.url}${url.pathname}`})
      response.end()
    })
    const run = await acAt(tiny, ['api', '/users/me'])
    expect(elsewhere.received.filter((request) => request.headers['api-token'] !== undefined)).toEqual([])
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/redirect|Location|302/i)
    expect(run.stdout).not.toContain('thief@example.com')
  })
})

describe('request bodies and stdin', () => {
  it('`api [POST] /tags --input -` sends the JSON piped on stdin, never reading it as the path argument', async () => {
    const explicit = await h.ac(['api', 'POST', '/tags', '--input', '-'], {input: '{"tag":{"tag":"FromStdin"}}\n'})
    expect(explicit.code, explicit.stderr).toBe(0)
    // Without a method, oclif would fill the missing optional `path` argument from stdin.
    const implicit = await h.ac(['api', '/tags', '--input', '-'], {input: '{"tag":{"tag":"FromStdinToo"}}\n'})
    expect(implicit.code, implicit.stderr).toBe(0)
    expect(sent('POST', '/tags').map((request) => request.body)).toEqual([{tag: {tag: 'FromStdin'}}, {tag: {tag: 'FromStdinToo'}}])
  })

  it('`contacts update --data -` with JSON on stdin but no id is exit 2 naming the missing argument, no request', async () => {
    const run = await h.ac(['contacts', 'update', '--data', '-'], {input: '{"contact":{"firstName":"Piped"}}\n'})
    expect(run.code).toBe(2)
    expect(errorLine(run)).toMatch(/missing|required/i)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('`api PUT /contacts/ID --input FILE` sends the file\'s JSON', async () => {
    const file = join(workDir, 'contact.json')
    writeFileSync(file, JSON.stringify({contact: {firstName: 'FromFile'}}))
    const run = await h.ac(['api', 'PUT', `/contacts/${contactIds[4]}`, '--input', file])
    expect(run.code, run.stderr).toBe(0)
    expect(sent('PUT', `/contacts/${contactIds[4]}`).map((request) => request.body)).toEqual([{contact: {firstName: 'FromFile'}}])
  })

  it('`api GET /tags --input FILE` is exit 2 before any request', async () => {
    const file = join(workDir, 'get-body.json')
    writeFileSync(file, '{"tag":{"tag":"x"}}')
    const run = await h.ac(['api', 'GET', '/tags', '--input', file])
    expect(run.code).toBe(2)
    expect(errorLine(run)).toMatch(/GET/)
    expect(h.sandbox.requests).toHaveLength(0)
  })
})

describe('safety', () => {
  it('deals bulk-update without --yes and without a terminal is exit 2 and sends nothing', async () => {
    const run = await h.ac(['deals', 'bulk-update', '--data', '{"deals":[{"id":"1","title":"Renamed"}]}'])
    expect(run.code).toBe(2)
    errorLine(run)
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('a DELETE answered 504 after it took effect, then 404 on the retry, is a success', async () => {
    let deleted = false
    const tiny = await tinyServer((request, response) => {
      if (request.method === 'DELETE') {
        if (!deleted) {
          deleted = true
          return sendJson(response, 504, {message: 'Gateway Timeout'}, {'Retry-After': '0'})
        }

        return sendJson(response, 404, {message: 'No Result found for Tag with id 7'})
      }

      if (deleted) return sendJson(response, 404, {message: 'No Result found for Tag with id 7'})
      sendJson(response, 200, {tag: {id: '7', tag: 'Doomed', tagType: 'contact'}})
    })
    const run = await acAt(tiny, ['tags', 'delete', '7', '--yes'])
    expect(tiny.received.filter((request) => request.method === 'DELETE')).toHaveLength(2)
    expect(run.code, run.stderr).toBe(0)
  })
})

describe('unexpected responses and error lines', () => {
  it('a 2xx with an HTML body is exit 1, one Error line, code unexpected_response', async () => {
    const tiny = await tinyServer((_request, response) => {
      response.writeHead(200, {'Content-Type': 'text/html'})
      response.end('<html><body><h1>Scheduled maintenance</h1></body></html>')
    })
    const [api, list] = await Promise.all([
      acAt(tiny, ['api', '/users/me', '--json']),
      acAt(tiny, ['tags', 'list']),
    ])
    expect(api.code).toBe(1)
    errorLine(api)
    expect(JSON.parse(api.stdout).error).toMatchObject({code: 'unexpected_response'})
    expect(list.code).toBe(1)
    errorLine(list)
    expect(list.stdout).toBe('')
  })

  it('an HTML 500 page is exactly one stderr line', async () => {
    h.sandbox.addFaults({
      method: 'GET', path: '/tags', status: 500, headers: {'Content-Type': 'text/html'}, times: 5,
      body: '<!DOCTYPE html>\n<html>\n<head><title>500 Internal Server Error</title></head>\n<body>\n<h1>Internal Server Error</h1>\n</body>\n</html>\n',
    })
    const run = await h.ac(['tags', 'list'])
    expect(run.code).toBe(1)
    errorLine(run)
  })

  it('a 422 whose title and detail contain newlines is exactly one stderr line', async () => {
    h.sandbox.addFaults({
      method: 'POST', path: '/tags', status: 422,
      body: {errors: [{title: 'Tag name\nis not valid', detail: 'first line\nsecond line\r\nthird line', code: 'invalid'}]},
    })
    const run = await h.ac(['tags', 'create', '--tag', 'Multi', '--tag-type', 'contact'])
    expect(run.code).toBe(5)
    expect(errorLine(run)).toMatch(/Tag name.*is not valid/)
  })

  it('an unknown command is exit 2, one Error line suggesting the nearest command', async () => {
    const run = await h.ac(['contacts', 'lst'])
    expect(run.code).toBe(2)
    expect(errorLine(run)).toContain('contacts list')
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('a half-set environment warns in one `Warning:` line, without the `(node:` prefix', async () => {
    const run = await h.ac(['tags', 'list'], {env: {AC_API_TOKEN: ''}})
    const lines = stderrLines(run)
    expect(lines.filter((line) => line.startsWith('Warning:')), run.stderr).toHaveLength(1)
    expect(run.stderr).not.toContain('(node:')
    expect(run.stderr).not.toContain('--trace-warnings')
  })
})

describe('auth status', () => {
  it('with a refused token, --json prints ONE JSON document with valid:false and the error, exit 3', async () => {
    const run = await h.ac(['auth', 'status', '--json'], {env: {AC_API_TOKEN: 'wrong'}})
    expect(run.code).toBe(3)
    const document = JSON.parse(run.stdout)
    expect(document.valid).toBe(false)
    expect(JSON.stringify(document.error)).toMatch(/403|not authorized|unauthorized/i)
  })
})

describe('output', () => {
  it('`api /contacts/ID -o csv` and `api /users/me -o table` print the record', async () => {
    const me = await (await fetch(`${h.sandbox.url}/users/me`, {headers: {'Api-Token': h.sandbox.token}})).json() as {user: {email: string}}
    const [csv, table] = await Promise.all([
      h.ac(['api', `/contacts/${contactIds[0]}`, '-o', 'csv']),
      h.ac(['api', '/users/me', '-o', 'table']),
    ])
    expect(csv.code, csv.stderr).toBe(0)
    expect(csv.stdout).toContain('person1@example.com')
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toContain(me.user.email)
  })

  it('an empty list still prints the header: csv with commas, piped table with tabs', async () => {
    const tiny = await tinyServer((_request, response) => sendJson(response, 200, {tags: [], meta: {total: '0'}}))
    const [csv, table] = await Promise.all([
      acAt(tiny, ['tags', 'list', '-o', 'csv']),
      acAt(tiny, ['tags', 'list']),
    ])
    expect(csv.code, csv.stderr).toBe(0)
    expect(csv.stdout.trim()).toBe('id,tag,tagType,description,subscriber_count')
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout.trim()).toBe('id\ttag\ttagType\tdescription\tsubscriber_count')
  })

  it('Ctrl-C during --json output exits 130 with only complete lines on stdout', async () => {
    const tiny = await tinyServer(async (_request, response, url) => {
      const offset = Number(url.searchParams.get('offset') ?? 0)
      const limit = Number(url.searchParams.get('limit') ?? 20)
      if (offset > 0) await sleep(3000)
      sendJson(response, 200, {tags: tags(offset + 1, limit), meta: {total: '200'}})
    })
    const run = await spawnAc(['tags', 'list', '--all', '--json'], {...h.env, AC_API_URL: tiny.url, AC_API_TOKEN: 'x'}, {
      timeoutMs: 10_000,
      // The first page is out and the second is held for 3 s: Ctrl-C lands mid-output.
      onFirstStdout: (signal) => signal('SIGINT'),
    })
    expect(run.signal, run.stderr).toBeNull()
    expect(run.code, run.stderr).toBe(130)
    expect(run.stdout).not.toBe('')
    expect(run.stdout.endsWith('\n'), run.stdout.slice(-200)).toBe(true)
  })
})

describe('contacts tag and untag', () => {
  it('`contacts tag EMAIL --tag VIP --tag vip` sends one POST /contactTags', async () => {
    const run = await h.ac(['contacts', 'tag', 'person2@example.com', '--tag', 'VIP', '--tag', 'vip'])
    expect(run.code, run.stderr).toBe(0)
    expect(sent('POST', '/contactTags')).toHaveLength(1)
  })

  it('`contacts untag EMAIL --tag VIP --tag VIP` exits 0 and sends one DELETE', async () => {
    expect((await h.ac(['contacts', 'tag', 'person3@example.com', '--tag', 'VIP'])).code).toBe(0)
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'untag', 'person3@example.com', '--tag', 'VIP', '--tag', 'VIP'])
    expect(run.code, run.stderr).toBe(0)
    expect(sent('DELETE')).toHaveLength(1)
  })
})
