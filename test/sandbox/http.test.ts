// Auth, rate limiting, latency, faults, the request log and the HTTP control API.

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
    expect(config.json).toEqual({rateLimit: false, latencyMs: 0})

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
