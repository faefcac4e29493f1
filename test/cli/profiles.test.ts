import {statSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {onTerminal, useHarness} from '../helpers.js'

const h = useHarness({token: 'sandbox-token-0123456789abcdef'})

/** A config dir of its own for each test, so that profiles don't leak between tests. */
function isolated(dir: string) {
  return {AC_CONFIG_DIR: join(h.configDir, dir), AC_API_URL: undefined, AC_API_TOKEN: undefined}
}

describe('auth and profiles', () => {
  it('logs in with --url and --token-stdin, checks the token with GET /users/me, and stores a 0600 file in a 0700 folder', async () => {
    const env = isolated('login')
    h.sandbox.clearRequests()
    const login = await h.ac(['auth', 'login', '--url', h.sandbox.url, '--token-stdin'], {env, input: `${h.sandbox.token}\n`})
    expect(login.code).toBe(0)
    expect(login.stderr).toContain('saved as profile "default"')
    expect(h.requestLines()).toEqual(['GET /users/me'])
    expect(statSync(join(env.AC_CONFIG_DIR, 'config.json')).mode & 0o777).toBe(0o600)
    expect(statSync(env.AC_CONFIG_DIR).mode & 0o777).toBe(0o700)

    const status = await h.ac(['auth', 'status', '--json'], {env})
    expect(status.code).toBe(0)
    const shown = JSON.parse(status.stdout)
    expect(shown).toMatchObject({profile: 'default', source: 'store', valid: true, email: 'admin@sandbox.local'})
    expect(shown.token).toMatch(/^•+cdef$/)
    expect(status.stdout + status.stderr).not.toContain(h.sandbox.token)
  })

  it('refuses a bad token at login with exit 3 and saves nothing', async () => {
    const env = isolated('bad-login')
    const login = await h.ac(['auth', 'login', '--url', h.sandbox.url, '--token-stdin'], {env, input: 'wrong-token\n'})
    expect(login.code).toBe(3)
    expect(login.stderr).toMatch(/^Error: .* refused that API token \(403\)\. .*nothing was saved\n$/)
    const list = await h.ac(['profiles', 'list', '--json'], {env})
    expect(JSON.parse(list.stdout)).toEqual([])
  })

  it('refuses plain http to a host that is not loopback, before any request', async () => {
    const env = isolated('http')
    h.sandbox.clearRequests()
    const login = await h.ac(['auth', 'login', '--url', 'http://acme.api-us1.com', '--token-stdin'], {env, input: 'x\n'})
    expect(login.code).toBe(2)
    expect(login.stderr).toContain('Refusing plain http://')
    expect(h.sandbox.requests).toHaveLength(0)
  })

  it('on a terminal, login prompts for the URL and the token, and does not echo the token', async () => {
    const env = isolated('prompted')
    const {output: screen} = await onTerminal(['auth', 'login', '--profile', 'typed'], {...h.env, ...env}, [
      ['Account URL', `${h.sandbox.url}\r`],
      ['API token', `${h.sandbox.token}\r`],
    ])
    expect(screen).toContain('Account URL')
    expect(screen).toContain('API token')
    expect(screen).toContain('saved as profile "typed"')
    expect(screen).not.toContain(h.sandbox.token)
    const listed = JSON.parse((await h.ac(['profiles', 'list', '--json'], {env})).stdout)
    expect(listed).toMatchObject([{name: 'typed', current: true}])
  })

  it('without a terminal, login needs --url instead of prompting', async () => {
    const login = await h.ac(['auth', 'login'], {env: isolated('no-tty')})
    expect(login.code).toBe(2)
    expect(login.stderr).toContain('Pass --url')
  })

  it('follows the precedence: --profile > AC_API_URL/AC_API_TOKEN > AC_PROFILE > current profile', async () => {
    const env = isolated('precedence')
    const login = (name: string, token: string) =>
      h.ac(['auth', 'login', '--profile', name, '--url', h.sandbox.url, '--token-stdin'], {env, input: token})
    expect((await login('work', h.sandbox.token)).code).toBe(0)
    expect((await login('home', h.sandbox.token)).code).toBe(0)
    const status = async (extra: Record<string, string | undefined>, args: string[] = []) =>
      JSON.parse((await h.ac(['auth', 'status', '--json', ...args], {env: {...env, ...extra}})).stdout)

    expect(await status({})).toMatchObject({profile: 'home', source: 'store'})
    expect(await status({AC_PROFILE: 'work'})).toMatchObject({profile: 'work', source: 'env', from: 'AC_PROFILE=work'})
    const fromEnv = {AC_API_URL: h.sandbox.url, AC_API_TOKEN: h.sandbox.token}
    expect(await status({...fromEnv, AC_PROFILE: 'work'})).toMatchObject({profile: 'env', source: 'env', from: 'AC_API_URL/AC_API_TOKEN'})
    expect(await status(fromEnv, ['--profile', 'work'])).toMatchObject({profile: 'work', source: 'flag'})
    const legacy = {ACTIVECAMPAIGN_API_URL: h.sandbox.url, ACTIVECAMPAIGN_API_KEY: h.sandbox.token}
    expect(await status(legacy)).toMatchObject({source: 'env', from: 'ACTIVECAMPAIGN_API_URL/ACTIVECAMPAIGN_API_KEY'})
  })

  it('lists, switches and removes profiles; logout forgets the current one', async () => {
    const env = isolated('manage')
    for (const name of ['a', 'b']) {
      await h.ac(['auth', 'login', '--profile', name, '--url', h.sandbox.url, '--token-stdin'], {env, input: h.sandbox.token})
    }

    const listed = JSON.parse((await h.ac(['profiles', 'list', '--json'], {env})).stdout)
    expect(listed.map((p: {name: string; current: boolean}) => [p.name, p.current])).toEqual([
      ['a', false],
      ['b', true],
    ])
    expect(JSON.stringify(listed)).not.toContain(h.sandbox.token)
    expect((await h.ac(['profiles', 'use', 'a'], {env})).code).toBe(0)
    expect(JSON.parse((await h.ac(['auth', 'status', '--json'], {env})).stdout).profile).toBe('a')
    const unknown = await h.ac(['profiles', 'use', 'nope'], {env})
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Known profiles: a, b')
    expect((await h.ac(['auth', 'logout'], {env})).code).toBe(0)
    expect((await h.ac(['profiles', 'remove', 'b'], {env})).code).toBe(0)
    expect(JSON.parse((await h.ac(['profiles', 'list', '--json'], {env})).stdout)).toEqual([])
    const after = await h.ac(['contacts', 'list'], {env})
    expect(after.code).toBe(3)
    expect(after.stderr).toContain('ac auth login')
  })

  it('accepts the account URL with or without /api/3 and trailing slashes', async () => {
    const base = h.sandbox.url.replace(/\/api\/3$/, '')
    for (const url of [base, `${base}/`, `${base}/api/3`, `${base}/api/3/`]) {
      const run = await h.ac(['users', 'me', '--json'], {env: {AC_API_URL: url}})
      expect(run.code, url).toBe(0)
      expect(JSON.parse(run.stdout).email).toBe('admin@sandbox.local')
    }
  })
})
