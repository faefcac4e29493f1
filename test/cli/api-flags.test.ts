import {beforeEach, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// `ac api` as gh api users expect it: -X, -H, -i, and gh's rule for fields without a method.
const h = useHarness()

beforeEach(() => h.sandbox.clearRequests())

describe('ac api -X / -H / -i', () => {
  it('fields without a method are a POST; -X GET sends them as the query', async () => {
    const get = await h.ac(['api', '/tags', '-F', 'limit=1', '-X', 'GET'])
    expect(get.code, get.stderr).toBe(0)
    expect(h.sandbox.requests.map((request) => [request.method, request.path, request.query.limit])).toEqual([['GET', '/tags', '1']])
    h.sandbox.clearRequests()
    const post = await h.ac(['api', '/tags', '-f', 'tag[tag]=ViaApi'])
    expect(post.code, post.stderr).toBe(0)
    expect(h.sandbox.requests.map((request) => [request.method, request.body])).toEqual([['POST', {tag: {tag: 'ViaApi'}}]])
  })

  it('-X with the path alone, and two different methods are a usage error before any request', async () => {
    expect((await h.ac(['api', '-X', 'POST', '/contact/sync', '-F', 'contact[email]=x@example.com'])).code).toBe(0)
    expect(h.requestLines()).toEqual(['POST /contact/sync'])
    h.sandbox.clearRequests()
    const clash = await h.ac(['api', 'GET', '/tags', '-X', 'POST'])
    expect(clash).toMatchObject({code: 2, stderr: 'Error: Two methods: GET and -X POST. Give one\n'})
    expect(h.sandbox.requests).toEqual([])
  })

  it('-i prints the status line and headers, a blank line, then the body', async () => {
    const run = await h.ac(['api', '/users/me', '-i'])
    expect(run.code, run.stderr).toBe(0)
    const [head, body] = run.stdout.split('\n\n')
    expect(head.split('\n')[0]).toBe('HTTP 200 OK')
    expect(head).toMatch(/^content-type: application\/json/m)
    expect(JSON.parse(body).user.email).toBe('admin@sandbox.local')
  })

  it('-H adds a header; it cannot replace the token, and a malformed one is refused, both before any request', async () => {
    expect((await h.ac(['api', '/users/me', '-H', 'X-Trace: 1'])).code).toBe(0)
    h.sandbox.clearRequests()
    expect((await h.ac(['api', '/users/me', '-H', 'Api-Token: other'])).code).toBe(2)
    expect((await h.ac(['api', '/users/me', '-H', 'no colon'])).stderr).toBe(`Error: -H takes 'Name: value', got "no colon"\n`)
    expect(h.sandbox.requests).toEqual([])
  })
})
