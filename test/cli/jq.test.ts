import {beforeAll, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

const h = useHarness()

beforeAll(async () => {
  for (const tag of ['VIP', 'Newbie', 'Gold']) expect((await h.ac(['tags', 'create', '--tag', tag])).code).toBe(0)
})

describe('--jq', () => {
  it('filters a list with jq; strings print raw, one a line', async () => {
    const run = await h.ac(['tags', 'list', '--jq', '.[].tag'])
    expect(run).toMatchObject({code: 0, stdout: 'VIP\nNewbie\nGold\n', stderr: ''})
  })

  it('sees the whole list: length, map, join', async () => {
    expect((await h.ac(['tags', 'list', '--all', '--jq', 'length'])).stdout).toBe('3\n')
    expect((await h.ac(['tags', 'list', '--jq', 'map(.tag) | join(",")'])).stdout).toBe('VIP,Newbie,Gold\n')
  })

  it('filters one record, and ac api answers (the envelope, as the API sent it)', async () => {
    const id = (await h.ac(['tags', 'list', '--jq', '.[0].id'])).stdout.trim()
    expect((await h.ac(['tags', 'get', id, '--jq', '{id, tag}'])).stdout).toBe(`{\n  "id": "${id}",\n  "tag": "VIP"\n}\n`)
    expect((await h.ac(['api', '/tags', '--jq', '.meta.total'])).stdout).toBe('3\n')
    expect((await h.ac(['api', '/users/me', '--jq', '.user.email'])).stdout).toBe('admin@sandbox.local\n')
  })

  it('a bad expression is exit 2 with jq’s message, before any request', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['tags', 'list', '--jq', '.[] | '])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^Error: --jq: syntax error, unexpected end of file/)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stdout).toBe('')
    expect(h.sandbox.requests).toEqual([])
    expect((await h.ac(['tags', 'list', '--jq', 'nosuchfunction(1)'])).code).toBe(2)
    expect(h.sandbox.requests).toEqual([])
  })

  it('an expression that fails on the data is exit 2 with jq’s words', async () => {
    const run = await h.ac(['tags', 'list', '--jq', '.[].tag.nested'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Error: --jq: Cannot index string with string "nested"')
  })

  it('--jq with -o csv, and --json with -o csv, are usage errors before any request', async () => {
    h.sandbox.clearRequests()
    expect((await h.ac(['tags', 'list', '--jq', '.', '-o', 'csv'])).stderr).toBe('Error: --jq filters JSON: it cannot go with -o csv. Drop -o, or --jq\n')
    expect((await h.ac(['tags', 'list', '--json', '-o', 'csv'])).code).toBe(2)
    expect(h.sandbox.requests).toEqual([])
  })
})
