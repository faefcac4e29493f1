// Auth, rate limiting, latency, faults, the request log and the HTTP control API.

import {request as httpRequest} from 'node:http'
import {connect} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'
import {beforeEach, describe, expect, it} from 'vitest'

import {call, control, useSandbox} from './helpers.js'

const sandbox = useSandbox({rateLimit: false})

beforeEach(() => {
  sandbox().configure({rateLimit: false, latencyMs: 0})
  sandbox().reset()
  sandbox().clearRequests()
})

describe('auth', () => {
  it('answers 403 with a JSON body and no Content-Type when the Api-Token is missing or wrong', async () => {
    for (const token of [null, 'wrong-token']) {
      const answer = await call(sandbox(), 'GET', '/users/me', undefined, token)
      expect(answer.status).toBe(403)
      expect(answer.headers.get('content-type')).toBeNull()
      expect(JSON.parse(answer.text)).toEqual({message: 'You are not authorized to access this resource'})
    }
  })

  it('answers the fixed admin user to GET /users/me with the right token', async () => {
    const answer = await call(sandbox(), 'GET', '/users/me')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toMatch(/application\/json/)
    expect(answer.json.user).toMatchObject({id: '1', username: 'admin', firstName: 'Sandbox', lastName: 'Admin', email: 'admin@sandbox.local'})
  })

  it('answers an unknown route 404 with a message', async () => {
    const answer = await call(sandbox(), 'GET', '/no/such/route')
    expect(answer.status).toBe(404)
    expect(answer.json).toEqual({message: 'No Result found for route'})
  })
})

describe('rate limit', () => {
  it('lets a burst of 5 through, answers the rest 429 with Retry-After in whole seconds', async () => {
    sandbox().configure({rateLimit: 5})
    const answers = await Promise.all(Array.from({length: 20}, () => call(sandbox(), 'GET', '/tags')))
    const limited = answers.filter((answer) => answer.status === 429)
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(5)
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(6)
    expect(limited.length).toBeGreaterThanOrEqual(14)
    expect(limited[0].headers.get('retry-after')).toBe('1')
    expect(limited[0].json).toEqual({message: 'Too Many Requests'})
    for (const answer of answers) {
      expect(answer.headers.get('ratelimit-limit')).toBe('5')
      expect(Number(answer.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(0)
    }
    await sleep(1000)
    expect((await call(sandbox(), 'GET', '/tags')).status).toBe(200)
  })

  it('is a sliding window: no more than N requests in any 1000 ms, even spread over the first second', async () => {
    sandbox().configure({rateLimit: 5})
    const statuses: number[] = []
    const started = Date.now()
    // 18 requests 50 ms apart, all within 900 ms: a token bucket (burst 5, refilling 5/s) lets ~9 through.
    for (let index = 0; index < 18; index++) {
      await sleep(Math.max(0, started + index * 50 - Date.now()))
      statuses.push((await call(sandbox(), 'GET', '/tags')).status)
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(200))
    expect(statuses).toContain(429)
    // However long the loop took, no 1000 ms window holds more than 5 answers of 200: any six
    // of them span at least a second. (`at` is stamped on arrival, a moment before the limiter
    // counts the request, hence a few ms of allowance.)
    const times = sandbox().requests.filter((entry) => entry.status === 200).map((entry) => entry.at).sort((x, y) => x - y)
    for (let index = 0; index + 5 < times.length; index++) expect(times[index + 5] - times[index], `200s at ${times.join(', ')}`).toBeGreaterThanOrEqual(1000 - 20)
    await sleep(Math.max(0, times[0] + 1010 - Date.now()))
    expect((await call(sandbox(), 'GET', '/tags')).status).toBe(200)
  })

  it('treats rateLimit 0 as no limit and refuses negative or fractional limits', async () => {
    const zero = await control(sandbox(), 'POST', '/config', {rateLimit: 0})
    expect([zero.status, zero.json.rateLimit]).toEqual([200, false])
    const answers = await Promise.all(Array.from({length: 20}, () => call(sandbox(), 'GET', '/tags')))
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200))
    expect(answers[0].headers.get('retry-after')).toBeNull()
    for (const rateLimit of [-1, 2.5, 'fast', true]) {
      const refused = await control(sandbox(), 'POST', '/config', {rateLimit})
      expect(refused.status, String(rateLimit)).toBe(400)
      expect(refused.json.message).toMatch(/rateLimit/)
    }
    expect((await control(sandbox(), 'GET', '/config')).json.rateLimit).toBe(false)
    expect(() => sandbox().configure({rateLimit: -5})).toThrow(RangeError)
    sandbox().configure({rateLimit: 0})
    expect((await control(sandbox(), 'GET', '/config')).json.rateLimit).toBe(false)
  })

  it('is off with rateLimit false', async () => {
    const answers = await Promise.all(Array.from({length: 30}, () => call(sandbox(), 'GET', '/tags')))
    expect(answers.every((answer) => answer.status === 200)).toBe(true)
  })
})

describe('latency', () => {
  it('waits latencyMs before answering', async () => {
    sandbox().configure({latencyMs: 150})
    const started = Date.now()
    await call(sandbox(), 'GET', '/tags')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })
})

describe('faults', () => {
  it('answers a fault once by default, then handles normally', async () => {
    sandbox().addFaults({method: 'GET', path: '/contacts', status: 503, headers: {'Retry-After': '2'}})
    const first = await call(sandbox(), 'GET', '/contacts')
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('2')
    expect((await call(sandbox(), 'GET', '/contacts')).status).toBe(200)
  })

  it('matches * segments and honours times', async () => {
    sandbox().addFaults({path: '/contacts/*', status: 502, body: {message: 'Bad Gateway'}, times: 2})
    expect((await call(sandbox(), 'GET', '/contacts/1')).status).toBe(502)
    expect((await call(sandbox(), 'DELETE', '/contacts/2')).json).toEqual({message: 'Bad Gateway'})
    expect((await call(sandbox(), 'GET', '/contacts/1')).status).toBe(404)
  })

  it('resets the connection without answering', async () => {
    sandbox().addFaults({path: '/tags', reset: true})
    await expect(call(sandbox(), 'GET', '/tags')).rejects.toThrow()
    expect((await call(sandbox(), 'GET', '/tags')).status).toBe(200)
  })

  it('delays a normal answer when only delayMs is given', async () => {
    sandbox().addFaults({path: '/tags', delayMs: 200})
    const started = Date.now()
    expect((await call(sandbox(), 'GET', '/tags')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
  })
})

describe('request log', () => {
  it('records every /api/3 request with its final status, including 403, 429 and faulted ones', async () => {
    sandbox().addFaults({path: '/lists', status: 500})
    await call(sandbox(), 'GET', '/lists')
    await call(sandbox(), 'GET', '/users/me', undefined, 'bad')
    await call(sandbox(), 'POST', '/tags?x=1&x=2', {tag: {tag: 'Logged'}})
    sandbox().configure({rateLimit: 1})
    await Promise.all([call(sandbox(), 'GET', '/tags'), call(sandbox(), 'GET', '/tags')])
    const log = sandbox().requests
    expect(log.slice(0, 3).map(({method, path, status}) => [method, path, status])).toEqual([
      ['GET', '/lists', 500], ['GET', '/users/me', 403], ['POST', '/tags', 201],
    ])
    expect(log[2].query).toEqual({x: ['1', '2']})
    expect(log[2].body).toEqual({tag: {tag: 'Logged'}})
    expect(typeof log[2].at).toBe('number')
    expect(log.slice(3).map((entry) => entry.status).sort()).toEqual([200, 429])
    sandbox().clearRequests()
    expect(sandbox().requests).toEqual([])
  })

  it('keeps the last 10,000 requests and replaces bodies over 64 KB by their size', async () => {
    const big = {tag: {tag: 'big', description: 'z'.repeat(70 * 1024)}}
    const bigBytes = Buffer.byteLength(JSON.stringify(big))
    await call(sandbox(), 'POST', '/tags', big)
    expect(sandbox().requests[0]).toMatchObject({path: '/tags', status: 201, body: {truncated: bigBytes}})
    const small = {tag: {tag: 'small', description: 'z'.repeat(60 * 1024)}}
    await call(sandbox(), 'POST', '/tags', small)
    expect(sandbox().requests[1].body).toEqual(small)

    const log = sandbox().requests
    // 10,048 more, pipelined on one connection (fetch one by one would take seconds).
    await new Promise<void>((resolve, reject) => {
      const socket = connect(sandbox().port, '127.0.0.1')
      const lines = Array.from({length: 10_048}, (_, index) => [
        `GET /api/3/users/me?n=${index + 2} HTTP/1.1`, 'Host: sandbox', `Api-Token: ${sandbox().token}`,
        ...(index === 10_047 ? ['Connection: close'] : []), '', '',
      ].join('\r\n'))
      socket.on('error', reject)
      socket.on('data', () => {})
      socket.on('end', () => resolve())
      socket.end(lines.join(''))
    })
    expect(sandbox().requests).toBe(log)
    expect(log).toHaveLength(10_000)
    expect(log.some((entry) => entry.method === 'POST')).toBe(false)
    expect(log.filter((entry) => entry.query.n === '10049')).toHaveLength(1)
  }, 20_000)
})

/** Sends the headers and `sent` bytes of a body declared `declared` bytes long, and waits for an answer. */
function partialPost(url: string, token: string, declared: number, sent: number): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {method: 'POST', headers: {'Api-Token': token, 'Content-Type': 'application/json', 'Content-Length': String(declared)}}, (response) => {
      let body = ''
      response.on('data', (chunk) => { body += chunk })
      response.on('end', () => {
        resolve({status: response.statusCode ?? 0, body})
        request.destroy()
      })
    })
    request.on('error', reject)
    request.setTimeout(3000, () => request.destroy(new Error('no answer before the body was sent')))
    request.write(Buffer.alloc(sent, 0x20))
  })
}

describe('request bodies', () => {
  it('checks the Api-Token before reading the body: a 600 MB body with a wrong token is 403 at once', async () => {
    const answer = await partialPost(`${sandbox().url}/tags`, 'wrong-token', 600 * 1024 * 1024, 64 * 1024)
    expect(answer.status).toBe(403)
    expect(JSON.parse(answer.body)).toEqual({message: 'You are not authorized to access this resource'})
    expect(sandbox().requests.at(-1)).toMatchObject({status: 403, body: null})
  })

  it('answers a body over 10 MB 413, declared or streamed, and keeps working', async () => {
    const declared = await partialPost(`${sandbox().url}/tags`, sandbox().token, 600 * 1024 * 1024, 64 * 1024)
    expect([declared.status, JSON.parse(declared.body)]).toEqual([413, {message: 'Request Entity Too Large'}])
    const big = `{"tag":{"tag":"${'x'.repeat(11 * 1024 * 1024)}"}}`
    const streamed = await fetch(`${sandbox().url}/tags`, {
      method: 'POST', headers: {'Api-Token': sandbox().token}, body: new Blob([big]).stream(), duplex: 'half',
    } as RequestInit)
    expect([streamed.status, await streamed.json()]).toEqual([413, {message: 'Request Entity Too Large'}])
    const log = sandbox().requests
    expect(log.at(-1)?.body).toEqual({truncated: expect.any(Number)})
    expect((log.at(-1)?.body as {truncated: number}).truncated).toBeGreaterThan(10 * 1024 * 1024)
    expect((await call(sandbox(), 'GET', '/tags')).json.meta.total).toBe('0')
    const justUnder = `{"tag":{"tag":"fits","description":"${'y'.repeat(9 * 1024 * 1024)}"}}`
    const fits = await fetch(`${sandbox().url}/tags`, {method: 'POST', headers: {'Api-Token': sandbox().token}, body: justUnder})
    expect(fits.status).toBe(201)
  })

  it('refuses JSON nested deeper than 64 levels with 400 {} before any handler', async () => {
    const deep = `{"tag":{"tag":"deep","description":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`
    const response = await fetch(`${sandbox().url}/tags`, {method: 'POST', headers: {'Api-Token': sandbox().token}, body: deep})
    expect([response.status, await response.json()]).toEqual([400, {}])
    const nested64 = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`
    const ok = await call(sandbox(), 'POST', '/tags', {tag: {tag: 'shallow', description: JSON.parse(nested64(60))}})
    expect(ok.status).toBe(201)
    const tooDeep = await fetch(`${sandbox().url}/tags`, {method: 'POST', headers: {'Api-Token': sandbox().token}, body: `{"tag":{"tag":"x","description":${nested64(70)}}}`})
    expect(tooDeep.status).toBe(400)
    // Brackets inside strings are text, not nesting.
    expect((await call(sandbox(), 'POST', '/tags', {tag: {tag: '['.repeat(500)}})).status).toBe(201)
    expect((await call(sandbox(), 'GET', '/tags')).json.meta.total).toBe('2')
    const control = await fetch(`${sandbox().url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: `{"tags":[{"tag":"t","description":${nested64(100)}}]}`})
    expect(control.status).toBe(400)
  })
})

describe('control API over HTTP', () => {
  it('reads and clears the log, adds faults, configures, seeds and resets', async () => {
    await call(sandbox(), 'GET', '/tags')
    const log = await control(sandbox(), 'GET', '/requests')
    expect(log.json.requests).toHaveLength(1)
    expect(log.json.requests[0]).toMatchObject({method: 'GET', path: '/tags', status: 200})
    await control(sandbox(), 'DELETE', '/requests')
    expect((await control(sandbox(), 'GET', '/requests')).json.requests).toEqual([])

    await control(sandbox(), 'POST', '/faults', {faults: [{path: '/tags', status: 418}]})
    expect((await call(sandbox(), 'GET', '/tags')).status).toBe(418)

    const config = await control(sandbox(), 'POST', '/config', {rateLimit: false, latencyMs: 0})
    expect(config.json).toEqual({rateLimit: false, latencyMs: 0, importDelayMs: 800, importQuota: 100})

    const seeded = await control(sandbox(), 'POST', '/seed', {tags: [{tag: 'a'}, {tag: 'b'}], contacts: [{email: 'seed@example.com'}]})
    expect(seeded.json).toEqual({tags: ['1', '2'], contacts: ['1']})
    expect((await call(sandbox(), 'GET', '/tags')).json.meta.total).toBe('2')

    await control(sandbox(), 'POST', '/reset')
    expect((await call(sandbox(), 'GET', '/tags')).json.meta.total).toBe('0')
    expect(sandbox().requests.every((entry) => !entry.path.includes('__sandbox'))).toBe(true)
  })

  it('rejects a seed of an unknown collection or an invalid record', async () => {
    expect((await control(sandbox(), 'POST', '/seed', {nothings: [{}]})).status).toBe(400)
    expect((await control(sandbox(), 'POST', '/seed', {contacts: [{email: 'not-an-email'}]})).status).toBe(422)
  })
})
