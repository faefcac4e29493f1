import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {onTerminal, useHarness} from '../helpers.js'

const h = useHarness()

describe('ac auth login with a refused token', () => {
  it('on a terminal, asks for the token again and saves the profile once one is accepted', async () => {
    const env = {...h.env, AC_API_URL: undefined, AC_API_TOKEN: undefined}
    const run = await onTerminal(['auth', 'login', '--url', h.env.AC_API_URL, '--profile', 'retry'], env, [
      ['API token:', 'not-the-token\r'],
      ['paste it again', `${h.sandbox.token}\r`],
    ])
    expect(run.output).toContain('refused that API token (403)')
    expect(run.code).toBe(0)
    expect(readFileSync(join(h.configDir, 'config.json'), 'utf8')).toContain('"retry"')
  })

  it('off a terminal, says the token was refused and that nothing was saved: exit 3, no profile', async () => {
    const run = await h.ac(['auth', 'login', '--url', h.env.AC_API_URL, '--profile', 'never', '--token-stdin'], {input: 'wrong-token', noCredentials: true})
    expect(run.code).toBe(3)
    expect(run.stderr).toBe(`Error: ${h.sandbox.url} refused that API token (403). Copy it again from Settings > Developer; nothing was saved\n`)
    const store = join(h.configDir, 'config.json')
    expect(existsSync(store) ? readFileSync(store, 'utf8') : '').not.toContain('"never"')
  })
})
