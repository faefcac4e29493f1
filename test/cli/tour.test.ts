import {execFileSync} from 'node:child_process'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {userWords} from '../../src/lib/command/parse-errors.js'
import {fitWidths, keyColumn} from '../../src/lib/output/table.js'
import {nearest} from '../../src/lib/text.js'
import {onTerminal, runAc, runScript, shellQuote, useHarness} from '../helpers.js'

// What a tour of `ac` at a terminal tripped over (issue 14, items 8 and 9), each fixed and
// checked here: tables that read well, plain-text errors, pointers for what people type out
// of habit, a bar that leaves nothing behind, file completion, a note's --rel-id by email.

const h = useHarness()
const bin = new URL('../../bin/run.js', import.meta.url).pathname
const command = (...args: string[]) => [process.execPath, bin, ...args].map(shellQuote).join(' ')
const origin = () => h.sandbox.url.replace(/\/api\/3$/, '')

/** The lines a terminal shows: for each line, what the last carriage return left (erase codes dropped). */
function screenLines(output: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = (text: string) => text.replaceAll(/\u001B\[[\d;?]*[A-Za-z]|\u001B[78]/g, '')
  return output.split('\n').map((line) => plain(line.split('\r').findLast((part) => plain(part) !== '') ?? ''))
}

beforeAll(async () => {
  const contacts = Array.from({length: 250}, (_, index) => ({email: `tour-${index + 1}@example.com`, firstName: `Tour ${index + 1}`}))
  const response = await fetch(`${origin()}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({contacts})})
  expect(response.ok).toBe(true)
})

describe('tables that read well', () => {
  it('short columns keep their width, the widest give way first, the key column last, ids never', () => {
    const head = ['id', 'email', 'firstName', 'lastName', 'phone']
    const rows = [['12345', 'a-rather-long-address@an-even-longer-domain.example.com', 'Bartholomew Maximilian', 'Featherstonehaugh-Smythe', '555']]
    const widths = fitWidths(head, rows, 70).widths!
    expect(widths.reduce((sum, width) => sum + width, 0) + widths.length + 1).toBeLessThanOrEqual(70)
    expect(widths[0]).toBe(7) // the id whole
    expect(widths[4]).toBe(7) // phone: short, kept
    expect(widths[2]).toBe(12 + 2) // cut down to a useful 12 characters first
    expect(widths[3]).toBe(12 + 2)
    expect(widths[1]).toBeGreaterThan(widths[2]) // the key column keeps the rest
    expect(keyColumn(['id', 'stage', 'title', 'email'])).toBe(3)
    expect(keyColumn(['id', 'tag', 'cdate'])).toBe(1)
  })

  it('on a 70-column terminal the email stays the widest cell; the header has a rule under it, with NO_COLOR and TERM=dumb', async () => {
    const email = 'someone-with-a-long-address@a-long-company-domain.example.com'
    await h.ac(['contacts', 'create', '--email', email, '--first-name', 'Bartholomew Maximilian', '--last-name', 'Featherstonehaugh-Smythe'])
    for (const env of [{NO_COLOR: '1', TERM: 'xterm'}, {TERM: 'dumb'}]) {
      const run = await runScript(`stty cols 70; ${command('contacts', 'list', '--email', email)}`, {...h.env, ...env})
      const lines = screenLines(run.stdout).filter((line) => /[│┌└├]/.test(line))
      expect(lines[0]).toMatch(/^┌/)
      expect(lines[1]).toMatch(/^│ id +│ email +│ firstName +│ lastName +│ phone │$/)
      expect(lines[2]).toMatch(/^├─+┼─+┼/)
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(70)
      const cells = lines[3].split('│').map((cell) => cell.trim())
      // The names give way to a useful 12 characters first; the email keeps the rest.
      expect(cells[3]).toBe('Bartholomew…')
      expect(cells[4]).toBe('Featherston…')
      expect(cells[2].length).toBeGreaterThan(cells[3].length)
      expect(cells[2].startsWith('someone-with-a-long')).toBe(true)
    }
  })

  it('auth status with the API down shows the error in words, not JSON in a cell; --json keeps its parts', async () => {
    const down = {...h.env, AC_API_URL: 'http://127.0.0.1:9', AC_RETRIES: '0'}
    const run = await runScript(`stty cols 120; ${command('auth', 'status')}`, down)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/│ error +│ GET \/users\/me failed: nothing is listening/)
    expect(run.stdout).not.toContain('{"code"')
    const piped = await runAc(['auth', 'status'], down)
    expect(piped.stdout).not.toContain('{"code"')
    const json = await runAc(['auth', 'status', '--json'], down)
    expect(JSON.parse(json.stdout).error.code).toBe('network')
  })

  it('auth status against a server answering garbage says so in words', async () => {
    const server = createServer((_request, response) => response.writeHead(200, {'content-type': 'text/html'}).end('<html>not an API</html>'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const run = await runAc(['auth', 'status'], {...h.env, AC_API_URL: url, AC_RETRIES: '0'})
      expect(run.code).not.toBe(0)
      const [header, values] = run.stdout.trim().split('\n').map((line) => line.split('\t'))
      const error = values[header.indexOf('error')]
      expect(error).toMatch(/^[A-Z]/)
      expect(error).not.toMatch(/^[{[]/)
    } finally {
      server.close()
    }
  })
})

describe('errors in plain words', () => {
  it('oclif\'s dimmed "Missing required flag" becomes one clean line (no escaped ANSI)', () => {
    const raw = 'The following error occurred:\n  \u001B[2mMissing required flag tag\u001B[22m\nSee more help with --help'
    expect(userWords(raw, {flags: ['tag'], args: [], commandLine: 'ac contacts tag'})).toEqual({message: '--tag is required', hint: 'See ac contacts tag --help'})
  })

  it('contacts tag/untag/subscribe/unsubscribe without their flag, on a terminal: no escape codes, exit 2, nothing sent', async () => {
    for (const [verb, flag] of [['tag', 'tag'], ['untag', 'tag'], ['subscribe', 'list'], ['unsubscribe', 'list']]) {
      h.sandbox.clearRequests()
      // CI=1: on a terminal that still must not ask (once asking exists), so the error path is the one shown.
      const run = await onTerminal(['contacts', verb, 'tour-1@example.com'], {...h.env, CI: '1', AC_NO_INPUT: '1'})
      expect(run.code, run.output).toBe(2)
      expect(run.output).toContain(`--${flag}`)
      expect(run.output).not.toMatch(/\\u001b|\u001B\[/i)
      expect(h.sandbox.requests).toEqual([])
    }
  })

  it('flag typos suggest the nearest flag by edits, ties to the longer shared start', async () => {
    expect(nearest('limt', ['list', 'limit'])).toBe('limit')
    expect(nearest('limt', ['limit', 'list'])).toBe('limit')
    expect(nearest('lmit', ['list', 'limit'])).toBe('limit')
    expect(nearest('ofset', ['offset', 'sort'])).toBe('offset')
    expect(nearest('serch', ['search', 'sort'])).toBe('search')
    expect(nearest('xyzzy', ['limit'])).toBeUndefined()
    for (const [typo, flag] of [['--limt', '--limit'], ['--lmit', '--limit'], ['--ofset', '--offset'], ['--serch', '--search']]) {
      const run = await h.ac(['contacts', 'list', typo, '5'])
      expect(run.code).toBe(2)
      expect(run.stderr).toBe(`Error: Unknown flag ${typo}. Did you mean ${flag}?\n`)
    }
  })

  it('what gh, heroku and stripe users type points at ac\'s command, exit 2, nothing sent', async () => {
    h.sandbox.clearRequests()
    const cases: Array<[string[], string]> = [
      [['login'], 'ac auth login'],
      [['whoami'], 'ac auth status'],
      // With what was typed after it, ready to run.
      [['deals', 'move', '1', '--stage', 'Won'], 'ac deals update 1 --stage Won?'],
      [['deals', 'move', '1'], 'ac deals update 1 --stage?'],
      [['contacts', 'search', 'ann'], 'ac contacts list --search ann?'],
      [['contacts', 'view', '1'], 'ac contacts get 1'],
      [['tags', 'ls'], 'ac tags list'],
    ]
    for (const [args, pointer] of cases) {
      const run = await h.ac(args)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toMatch(/^Error: "ac [^"]+" is not a command\. Did you mean /)
      expect(run.stderr, args.join(' ')).toContain(`Did you mean ${pointer}`)
    }

    // The fuzzy match is still there for plain typos.
    expect((await h.ac(['contcts', 'list'])).stderr).toContain('Did you mean ac contacts list')
    expect(h.sandbox.requests).toEqual([])
  })
})

describe('the import dry run', () => {
  it('gives each batch its own line range, for Windows line ends too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-tour-'))
    const rows = ['email,first_name', ...Array.from({length: 300}, (_, index) => `row-${index}@example.com,Row ${index}`)]
    for (const [name, end] of [['unix.csv', '\n'], ['windows.csv', '\r\n']]) {
      writeFileSync(join(dir, name), rows.join(end) + end)
      h.sandbox.clearRequests()
      const run = await h.ac(['contacts', 'import', join(dir, name), '--dry-run'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toContain('1. 250 contacts')
      expect(run.stdout).toContain('(line 2 to line 251)')
      expect(run.stdout).toContain('(line 252 to line 301)')
      expect(h.sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([])
    }
  })
})

describe('the progress bar', () => {
  it('never glues to piped data: `ac contacts list --all | head` shows whole lines and no bar is left', async () => {
    h.sandbox.configure({latencyMs: 60})
    try {
      const run = await runScript(`stty cols 120; ${command('contacts', 'list', '--all')} | head -3; echo END`, h.env)
      expect(run.stdout).toContain('Fetching contacts') // the bar was there
      const lines = screenLines(run.stdout).map((line) => line.trimEnd())
      const header = lines.findIndex((line) => line.startsWith('id\temail'))
      expect(header, run.stdout).toBeGreaterThanOrEqual(0)
      expect(lines[header + 1]).toMatch(/^\d+\ttour-1@example\.com\t/)
      expect(lines.join('\n')).not.toMatch(/Fetching|ETA/)
      expect(lines).toContain('END')
    } finally {
      h.sandbox.configure({latencyMs: 0})
    }
  })
})

describe('notes on a contact or deal by name', () => {
  it('--rel-type Subscriber --rel-id EMAIL looks the contact up; Deal takes a title; other types still need an id', async () => {
    const contact = JSON.parse((await h.ac(['contacts', 'create', '--email', 'noted@example.com', '--json'])).stdout)
    h.sandbox.clearRequests()
    const run = await h.ac(['notes', 'create', '--rel-type', 'Subscriber', '--rel-id', 'noted@example.com', '--note', 'Called', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const post = h.sandbox.requests.find((request) => request.method === 'POST')
    expect(post?.path).toBe('/notes')
    expect(post?.body).toEqual({note: {reltype: 'Subscriber', relid: Number(contact.id), note: 'Called'}})

    const pipeline = JSON.parse((await h.ac(['deals', 'pipelines', 'create', '--title', 'Tour', '--currency', 'usd', '--json'])).stdout)
    const stage = JSON.parse((await h.ac(['deals', 'stages', 'create', '--title', 'Open', '--group', pipeline.id, '--json'])).stdout)
    const created = await h.ac(['deals', 'create', '--title', 'Tour renewal', '--value', '100', '--currency', 'usd', '--group', pipeline.id, '--stage', stage.id, '--contact', contact.id, '--json'])
    expect(created.code, created.stderr).toBe(0)
    const deal = JSON.parse(created.stdout)
    h.sandbox.clearRequests()
    const onDeal = await h.ac(['notes', 'create', '--rel-type', 'Deal', '--rel-id', 'Tour renewal', '--note', 'Sent', '--json'])
    expect(onDeal.code, onDeal.stderr).toBe(0)
    expect(h.sandbox.requests.find((request) => request.method === 'POST')?.body).toEqual({note: {reltype: 'Deal', relid: Number(deal.id), note: 'Sent'}})

    h.sandbox.clearRequests()
    const unknown = await h.ac(['notes', 'create', '--rel-type', 'Subscriber', '--rel-id', 'nobody@example.com', '--note', 'x'])
    expect(unknown.code).toBe(4)
    const activity = await h.ac(['notes', 'create', '--rel-type', 'Activity', '--rel-id', 'ann@example.com', '--note', 'x'])
    expect(activity.code).toBe(2)
    expect(h.sandbox.requests.filter((request) => request.method === 'POST')).toEqual([])
  })
})

describe('completion', () => {
  it('says the variable its start-up line really sets: AC_BASH_SETUP_PATH', async () => {
    for (const shell of ['bash', 'zsh']) {
      const setup = await h.ac(['autocomplete', shell])
      const script = await h.ac(['autocomplete', 'script', shell])
      const variable = `AC_${shell.toUpperCase()}_SETUP_PATH`
      expect(setup.stdout + setup.stderr).toContain(`adds the ${variable} environment variable`)
      expect(setup.stdout + setup.stderr).not.toContain('AC_AC_')
      expect(script.stdout).toContain(`${variable}=`)
      expect(script.stdout).toContain(`source $${variable}`)
    }
  })

  it('bash completes file paths for file arguments, --ids-from, --failures, --state, and --data @', async () => {
    expect((await h.ac(['autocomplete', 'create'])).code).toBe(0)
    const functions = join(h.configDir, 'cache', 'autocomplete', 'functions')
    const work = mkdtempSync(join(tmpdir(), 'ac-files-'))
    for (const name of ['rows.csv', 'rows-2.csv', 'ids.txt']) writeFileSync(join(work, name), '')
    mkdirSync(join(work, 'fixtures'))
    const driver = join(work, '.drive.sh')
    writeFileSync(driver, 'source "$1"; shift\nCOMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n_ac_autocomplete\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
    const completes = (...words: string[]) =>
      execFileSync('bash', [driver, join(functions, 'bash', 'ac.bash'), ...words], {cwd: work, encoding: 'utf8'}).split('\n').filter(Boolean).sort()
    expect(completes('ac', 'contacts', 'import', 'r')).toEqual(['rows-2.csv', 'rows.csv'])
    expect(completes('ac', 'contacts', 'delete', '--ids-from', 'i')).toEqual(['ids.txt'])
    expect(completes('ac', 'contacts', 'import', 'rows.csv', '--failures', 'r')).toEqual(['rows-2.csv', 'rows.csv'])
    expect(completes('ac', 'seed', 'apply', 'f')).toEqual(['fixtures'])
    expect(completes('ac', 'seed', 'clean', 'x.yml', '--state', 'i')).toEqual(['ids.txt'])
    expect(completes('ac', 'contacts', 'create', '--data', '@r')).toEqual(['@rows-2.csv', '@rows.csv'])
    // Not everything is a file: commands, flags and -o values complete as before.
    expect(completes('ac', 'contacts', 'create', '--data', 'r')).toEqual([])
    expect(completes('ac', 'contacts', 'list', '-o', 'j')).toEqual(['json'])
    expect(completes('ac', 'contacts', 'imp')).toEqual(['import'])
    // zsh completes files for every flag already; after `--data @` it now looks past the @.
    const zsh = execFileSync('grep', ['-c', String.raw`^--data"\[.*:file:{compset -P @; _files}"`, join(functions, 'zsh', '_ac')], {encoding: 'utf8'})
    expect(Number(zsh)).toBeGreaterThan(10)
  })
})

describe('ac mcp by hand', () => {
  it('on a terminal says it waits for an MCP client and how to stop; off one it says nothing of the kind', async () => {
    const run = await onTerminal(['mcp', '--sandbox'], h.env, [['Ctrl-C stops it', '\u0003']])
    expect(run.output).toContain('ac mcp: waiting for an MCP client on stdin/stdout')
    expect(run.output).toContain('Ctrl-C stops it')
    // Started by a client (stdin a pipe, here closed at once): the protocol alone, no such line.
    const piped = await h.ac(['mcp', '--sandbox'])
    expect(piped.stderr).not.toContain('waiting for an MCP client')
  })
})
