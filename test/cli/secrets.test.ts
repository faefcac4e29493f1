import {chmodSync, mkdtempSync, statSync, writeFileSync} from 'node:fs'
import {createServer, type IncomingHttpHeaders} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {runAc, useHarness} from '../helpers.js'

// Secrets beyond the suite-wide check in helpers.ts (every run's output is searched for its
// token): the store's file modes, redirects, and the paths where a token is most tempted to
// show: --debug with retries, --dry-run, errors, the audit log with bodies.

const token = 'tok-SECRET-distinctive-5b7e19ad'
const h = useHarness({token})

describe('the token is never shown', () => {
  it('not in --debug with retries, --dry-run, errors, nor in the audit log even with AC_AUDIT_BODIES=1', async () => {
    h.sandbox.addFaults({kind: '503', method: 'GET', path: '/tags'}, {kind: 'reset-after', method: 'POST', path: '/tags'})
    const runs = await Promise.all([
      h.ac(['tags', 'list', '--debug'], {env: {AC_RETRY_BASE_MS: '10'}}),
      h.ac(['tags', 'create', '--tag', 'planned', '--dry-run', '--debug']),
      h.ac(['contacts', 'get', '999999', '--debug', '--json']),
    ])
    // A change whose answer was lost (settled by looking the tag up), with bodies in the audit log.
    const create = await h.ac(['tags', 'create', '--tag', 'plain', '--debug'], {env: {AC_AUDIT_BODIES: '1', AC_RETRY_BASE_MS: '10'}})
    expect(create.code).toBe(0)
    expect(create.stderr).toMatch(/was lost .* it was created/)
    expect(runs.map((run) => run.code)).toEqual([0, 0, 4])
    // (helpers.ts has searched each run's output already; the files are searched after the file's tests.)
  })
})

describe('the profile store', () => {
  it('a config file and folder others can read are tightened to 0600/0700 with a warning', async () => {
    const dir = mkdtempSync(join(h.configDir, 'loose-'))
    writeFileSync(join(dir, 'config.json'), JSON.stringify({current: 'p', profiles: {p: {url: h.sandbox.url, token}}}))
    chmodSync(join(dir, 'config.json'), 0o644)
    chmodSync(dir, 0o755)
    const run = await runAc(['tags', 'list', '--json'], {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir, AC_RATE_LIMIT: '0'})
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain(`Warning: ${join(dir, 'config.json')} was readable by others (mode 0644); made it 0600`)
    expect(run.stderr).toContain(`Warning: ${dir} was readable by others (mode 0755); made it 0700`)
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const again = await runAc(['tags', 'list', '--json'], {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir, AC_RATE_LIMIT: '0'})
    expect(again.stderr).toBe('')
  })
})

describe('redirects', () => {
  it('are never followed, so the token never reaches where they point', async () => {
    const seen: IncomingHttpHeaders[] = []
    const elsewhere = createServer((request, response) => {
      seen.push(request.headers)
      response.end('{}')
    })
    const redirector = createServer((request, response) => {
      response.writeHead(302, {Location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/api/3/tags`})
      response.end()
    })
    await Promise.all([elsewhere, redirector].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))))
    try {
      const run = await runAc(['tags', 'list'], {
        PATH: process.env.PATH, HOME: h.configDir, AC_CONFIG_DIR: h.configDir, AC_RATE_LIMIT: '0',
        AC_API_URL: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`, AC_API_TOKEN: token,
      })
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/^Error: GET \/tags was redirected \(302\) to http:\/\/127\.0\.0\.1:\d+\/api\/3\/tags\. Check the account URL\n$/)
      expect(seen).toEqual([])
    } finally {
      await Promise.all([elsewhere, redirector].map((server) => new Promise((resolve) => server.close(resolve))))
    }
  })
})
