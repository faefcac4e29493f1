import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

const h = useHarness()
const auditFile = () => join(h.configDir, 'audit.log')
const mutations = () => h.requestLines().filter((line) => !line.startsWith('GET '))

beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.clearRequests()
})

describe('read-only', () => {
  it.each([
    ['--read-only', ['--read-only'], {}],
    ['AC_READ_ONLY=1', [], {AC_READ_ONLY: '1'}],
  ])('%s refuses a create with exit 2 before anything is sent; reads still work', async (_, flags, env) => {
    const refused = await h.ac(['tags', 'create', '--tag', 'VIP', ...flags], {env})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^Error: Refusing POST \/tags: read-only \(.+\)\. Nothing was changed\n$/)
    expect(h.sandbox.requests).toEqual([])
    const read = await h.ac(['tags', 'list', ...flags], {env})
    expect(read.code, read.stderr).toBe(0)
    expect(h.requestLines()).toEqual(['GET /tags'])
  })

  it('refuses deletes, ac api writes and seed apply alike', async () => {
    const fixture = join(h.configDir, 'ro.yml')
    writeFileSync(fixture, 'tags:\n  t: {tag: T}\n')
    for (const args of [['tags', 'delete', '1', '--yes'], ['api', 'POST', '/tags', '-f', 'tag[tag]=x'], ['seed', 'apply', fixture]]) {
      const run = await h.ac([...args, '--read-only'])
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toContain('read-only')
    }

    expect(mutations()).toEqual([])
  })

  it('a profile stored read-only refuses changes, whatever the command', async () => {
    const login = await h.ac(['auth', 'login', '--profile', 'ro', '--url', h.env.AC_API_URL, '--token-stdin', '--read-only'], {input: h.sandbox.token, noCredentials: true})
    expect(login.code, login.stderr).toBe(0)
    const run = await h.ac(['tags', 'create', '--tag', 'VIP', '--profile', 'ro'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('profile "ro" is read-only')
    expect(mutations()).toEqual([])
  })
})

describe('--max-writes', () => {
  it('stops before the change past N, saying how many were made', async () => {
    const fixture = join(h.configDir, 'five.yml')
    writeFileSync(fixture, `tags:\n${[1, 2, 3, 4, 5].map((n) => `  t${n}: {tag: T${n}}`).join('\n')}\n`)
    const run = await h.ac(['seed', 'apply', fixture, '--max-writes', '3', '--state', join(h.configDir, 'five.state.json')])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('the limit of 3 changes (--max-writes) is reached. 3 changes were made before it')
    expect(mutations()).toEqual(['POST /tags', 'POST /tags', 'POST /tags'])
    // What was made is in the state file, for clean.
    expect(JSON.parse(readFileSync(join(h.configDir, 'five.state.json'), 'utf8')).records).toHaveLength(3)
  })

  it('AC_MAX_WRITES=0 allows reads only; a malformed value is a usage error', async () => {
    expect((await h.ac(['tags', 'create', '--tag', 'X'], {env: {AC_MAX_WRITES: '0'}})).code).toBe(2)
    expect((await h.ac(['tags', 'list'], {env: {AC_MAX_WRITES: '0'}})).code).toBe(0)
    const bad = await h.ac(['tags', 'list'], {env: {AC_MAX_WRITES: 'lots'}})
    expect(bad).toMatchObject({code: 2, stderr: 'Error: AC_MAX_WRITES must be a whole number, got "lots"\n'})
    expect(mutations()).toEqual([])
  })
})

describe('audit log', () => {
  it('records every change (time, profile, method, path, status, command line), never a read, never the token', async () => {
    const before = existsSync(auditFile()) ? readFileSync(auditFile(), 'utf8').split('\n').filter(Boolean).length : 0
    await h.ac(['tags', 'create', '--tag', 'Audited'])
    await h.ac(['tags', 'list'])
    await h.ac(['tags', 'delete', '999', '--yes'])
    const lines = readFileSync(auditFile(), 'utf8').split('\n').filter(Boolean).slice(before)
    expect(lines).toHaveLength(2)
    expect(JSON.parse(lines[0])).toMatchObject({profile: 'env', method: 'POST', path: '/tags', status: 201, command: 'ac tags create --tag Audited'})
    expect(JSON.parse(lines[1])).toMatchObject({method: 'DELETE', path: '/tags/999', status: 404})
    expect(JSON.parse(lines[0]).body).toBeUndefined()
    expect(readFileSync(auditFile(), 'utf8')).not.toContain(h.sandbox.token)
    expect(statSync(auditFile()).mode & 0o777).toBe(0o600)
  })

  it('holds bodies only with AC_AUDIT_BODIES=1', async () => {
    await h.ac(['tags', 'create', '--tag', 'WithBody'], {env: {AC_AUDIT_BODIES: '1'}})
    const last = JSON.parse(readFileSync(auditFile(), 'utf8').trim().split('\n').at(-1)!)
    expect(last.body).toEqual({tag: {tag: 'WithBody'}})
  })

  it('a dry run and a refused change leave no entry', async () => {
    const size = existsSync(auditFile()) ? statSync(auditFile()).size : 0
    await h.ac(['tags', 'create', '--tag', 'Dry', '--dry-run'])
    await h.ac(['tags', 'create', '--tag', 'Refused', '--read-only'])
    expect(existsSync(auditFile()) ? statSync(auditFile()).size : 0).toBe(size)
  })

  it('ac audit list reads it: --since, --json', async () => {
    await h.ac(['tags', 'create', '--tag', 'Listed'])
    const run = await h.ac(['audit', 'list', '--since', '1m', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const entries = JSON.parse(run.stdout)
    expect(entries.at(-1)).toMatchObject({method: 'POST', path: '/tags', command: 'ac tags create --tag Listed'})
    const none = await h.ac(['audit', 'list', '--since', '2999-01-01', '--json'])
    expect(JSON.parse(none.stdout)).toEqual([])
    expect((await h.ac(['audit', 'list', '--since', 'yesterday-ish'])).code).toBe(2)
  })
})
