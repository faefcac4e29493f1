import {mkdtempSync, readFileSync, writeFileSync, chmodSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {runAc, runScript, shellQuote, useHarness} from '../helpers.js'

const h = useHarness()
const bin = new URL('../../bin/run.js', import.meta.url).pathname
// An account URL nobody answers at: any request would fail (exit 1), so exit 0 proves none was sent.
const account = (env: Record<string, string>) => ({...env, AC_API_URL: 'https://acme.api-us1.com', AC_API_TOKEN: 'not-a-real-token-0000', AC_RETRIES: '0', AC_TIMEOUT: '2'})

describe('get --web', () => {
  it('prints the app URL of a record given by id, off a terminal, and sends no request', async () => {
    const cases: Array<[string[], string]> = [
      [['contacts', 'get', '12'], 'https://acme.activehosted.com/app/contacts/12'],
      [['deals', 'get', '7'], 'https://acme.activehosted.com/app/deals/7'],
      [['accounts', 'get', '3'], 'https://acme.activehosted.com/app/accounts/3'],
      [['lists', 'get', '3'], 'https://acme.activehosted.com/app/contacts/?listid=3'],
      [['campaigns', 'get', '5'], 'https://acme.activehosted.com/app/campaigns/5'],
      [['automations', 'get', '2'], 'https://acme.activehosted.com/app/automations/2'],
    ]
    for (const [args, url] of cases) {
      const run = await runAc([...args, '--web'], account(h.env))
      expect(run.stderr).toBe('')
      expect(run.stdout).toBe(`${url}\n`)
      expect(run.code).toBe(0)
    }
  })

  it('a record given by name is looked up first, then its page is printed', async () => {
    const created = JSON.parse((await h.ac(['contacts', 'create', '--email', 'web@example.com', '--json'])).stdout)
    h.sandbox.requests.length = 0
    const run = await h.ac(['contacts', 'get', 'web@example.com', '--web'], {env: {AC_APP_URL: 'https://acme.activehosted.com/'}})
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`https://acme.activehosted.com/app/contacts/${created.id}\n`)
    expect(h.requestLines()).toEqual(['GET /contacts'])
  })

  it('the sandbox has no web app: exit 2, one line, no request', async () => {
    h.sandbox.requests.length = 0
    const run = await h.ac(['deals', 'get', '1', '--web'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^Error: 127\.0\.0\.1 has no ActiveCampaign web app to open: --web needs an account URL like https:\/\/ACCOUNT\.api-us1\.com/)
    expect(h.requestLines()).toEqual([])
  })

  it('on a terminal, opens the page with $BROWSER and says so on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-web-'))
    const opened = join(dir, 'opened.txt')
    const browser = join(dir, 'browser.sh')
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" > ${shellQuote(opened)}\n`)
    chmodSync(browser, 0o755)
    const command = [process.execPath, bin, 'deals', 'get', '7', '--web'].map(shellQuote).join(' ')
    const run = await runScript(`stty cols 120; ${command}`, {...account(h.env), BROWSER: browser, TERM: 'xterm'})
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Opening https://acme.activehosted.com/app/deals/7 in your browser')
    await expect.poll(() => readFileSync(opened, 'utf8'), {timeout: 5000}).toBe('https://acme.activehosted.com/app/deals/7\n')
  })

  it('only commands whose records have an app page take --web', async () => {
    const run = await runAc(['users', 'get', '1', '--web'], account(h.env))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--web/)
  })
})
