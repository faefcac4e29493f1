import {type ChildProcess, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, describe, expect, it} from 'vitest'

import {runAc} from '../helpers.js'

const bin = new URL('../../bin/run.js', import.meta.url).pathname

// Every sandbox child and temp dir a test makes, stopped and removed even when it fails.
const children: ChildProcess[] = []
const dirs: string[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ac-sandbox-'))
  dirs.push(dir)
  return dir
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true})
})

/**
 * `ac sandbox start` as a user runs it: a long-lived child printing its export line. It saves a
 * profile and its records in ac's config folder: a temp one, never the user's.
 */
async function startCommand(args: string[], configDir = tempDir()) {
  const env = {...process.env, HOME: configDir, AC_CONFIG_DIR: configDir}
  const child = spawn(process.execPath, [bin, 'sandbox', 'start', ...args], {stdio: ['ignore', 'pipe', 'pipe'], env})
  children.push(child)
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(String(chunk)))
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${stderr}`)))
  })
  for (let waited = 0; !stderr.includes('Ctrl-C stops it') && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
  const [, url, token] = /^export AC_API_URL=(\S+) AC_API_TOKEN=(\S+)\n$/.exec(line) ?? []
  const stop = (signal: NodeJS.Signals) =>
    new Promise<{code: number | null; stderr: string}>((resolve) => {
      child.once('exit', (code) => resolve({code, stderr}))
      child.kill(signal)
    })
  return {url, token, stop, stderr: () => stderr}
}

describe('ac sandbox start', () => {
  it('prints the export line, serves the API, and keeps its data in --data across restarts', async () => {
    const dir = tempDir()
    const dataFile = join(dir, 'data.json')
    const first = await startCommand(['--port', '0', '--token', 'fixed-token', '--data', dataFile, '--rate-limit', '0'])
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(first.token).toBe('fixed-token')
    expect(first.stderr()).toContain('Sandbox API listening on')

    const env = {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir, AC_API_URL: first.url, AC_API_TOKEN: first.token, AC_RATE_LIMIT: '0'}
    const created = await runAc(['contacts', 'create', '--email', 'kept@example.com', '--json'], env)
    expect(created.code, created.stderr).toBe(0)

    const stopped = await first.stop('SIGINT')
    expect(stopped.code).toBe(0)
    expect(stopped.stderr).toContain('Sandbox stopped')
    expect(existsSync(dataFile)).toBe(true)
    expect(readFileSync(dataFile, 'utf8')).toContain('kept@example.com')

    const second = await startCommand(['--port', '0', '--token', 'fixed-token', '--data', dataFile, '--rate-limit', '0'])
    const listed = await runAc(['contacts', 'list', '--json'], {...env, AC_API_URL: second.url})
    expect(JSON.parse(listed.stdout).map((contact: {email: string}) => contact.email)).toContain('kept@example.com')
    await second.stop('SIGTERM')
  })

  it('refuses a bad token with 403 and exit 3, like the real API', async () => {
    const dir = tempDir()
    const sandbox = await startCommand(['--port', '0', '--rate-limit', '0'])
    const run = await runAc(['contacts', 'list'], {PATH: process.env.PATH, HOME: dir, AC_API_URL: sandbox.url, AC_API_TOKEN: 'wrong', AC_CONFIG_DIR: dir})
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/^Error: GET \/contacts failed \(403\)/)
    await sandbox.stop('SIGTERM')
  })
})

describe('ac sandbox start: what a user trips over', () => {
  it('--seed N starts with N contacts, and --log prints one line per request', async () => {
    const sandbox = await startCommand(['--port', '0', '--token', 'seeded', '--seed', '150', '--log', '--rate-limit', '0'])
    const dir = tempDir()
    const listed = await runAc(['contacts', 'list', '--all', '-o', 'ndjson'], {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir, AC_API_URL: sandbox.url, AC_API_TOKEN: 'seeded', AC_RATE_LIMIT: '0'})
    expect(listed.stdout.trim().split('\n')).toHaveLength(150)
    const {stderr} = await sandbox.stop('SIGINT')
    expect(stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} GET \/contacts\?orders\[id\]=DESC&id_greater=0&limit=100 200$/m)
    expect(stderr.split('\n').filter((line) => / GET \/contacts\?/.test(line))).toHaveLength(2)
  })

  it('--seed FIXTURE starts with the records of a fixture, applied as ac seed apply does', async () => {
    const dir = tempDir()
    const file = join(dir, 'start.yml')
    writeFileSync(file, 'tags:\n  vip: {tag: VIP}\ncontacts:\n  ann: {email: ann@example.com, tags: [vip]}\n')
    const sandbox = await startCommand(['--port', '0', '--token', 'fixture', '--seed', file, '--rate-limit', '0'])
    const env = {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir, AC_API_URL: sandbox.url, AC_API_TOKEN: 'fixture', AC_RATE_LIMIT: '0'}
    const listed = await runAc(['contacts', 'list', '--tag', 'VIP', '-o', 'ndjson'], env)
    expect(listed.stdout.trim().split('\n').map((line) => JSON.parse(line).email)).toEqual(['ann@example.com'])
    expect(sandbox.stderr()).toContain(`with the 3 records of ${file}`)
    await sandbox.stop('SIGINT')
    // A bad fixture is refused before anything is served.
    writeFileSync(file, 'tagz:\n  x: {tag: X}\n')
    const refused = await runAc(['sandbox', 'start', '--seed', file], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('unknown resource "tagz"')
  })

  it('a port in use and an unwritable --data are one-line usage errors at start', async () => {
    const busy = await startCommand(['--port', '0', '--token', 'busy'])
    const port = new URL(busy.url).port
    const dir = tempDir()
    const env = {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir}
    const taken = await runAc(['sandbox', 'start', '--port', port], env)
    expect(taken).toMatchObject({code: 2, stderr: `Error: Port ${port} on 127.0.0.1 is in use. Pick another with --port, or --port 0 for any free one\n`})
    const unwritable = await runAc(['sandbox', 'start', '--data', join(dir, 'no', 'such', 'data.json')], env)
    expect(unwritable.code).toBe(2)
    expect(unwritable.stderr).toContain('Cannot write --data')
    await busy.stop('SIGINT')
  })
})

describe('ac sandbox start keeps a login across restarts', () => {
  it('saves itself as the profile "sandbox" with the same token, port and records each start (in ac\'s config folder)', async () => {
    const dir = tempDir()
    const env = {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir, AC_RATE_LIMIT: '0'}
    const first = await startCommand(['--rate-limit', '0'], dir)
    expect(first.stderr()).toContain('Saved as profile "sandbox"; it is the current profile')
    expect(first.stderr()).toContain(`(data in ${join(dir, 'sandbox-data.json')})`)
    // No AC_API_URL/AC_API_TOKEN: the saved profile is what ac uses.
    const created = await runAc(['contacts', 'create', '--email', 'kept@example.com', '--json'], env)
    expect(created.code, created.stderr).toBe(0)
    await first.stop('SIGINT')

    const second = await startCommand(['--rate-limit', '0'], dir)
    expect(second.token).toBe(first.token)
    expect(second.url).toBe(first.url)
    const listed = await runAc(['--profile', 'sandbox', 'contacts', 'list', '--json'], env)
    expect(listed.code, listed.stderr).toBe(0)
    expect(JSON.parse(listed.stdout).map((contact: {email: string}) => contact.email)).toEqual(['kept@example.com'])
    expect(readFileSync(join(dir, 'sandbox-data.json'), 'utf8')).not.toContain(first.token)
    await second.stop('SIGINT')
  })

  it('never takes the place of a real current profile; it says how to use it', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'config.json'), JSON.stringify({current: 'work', profiles: {work: {url: 'https://work.api-us1.com', token: 'work-token'}}}), {mode: 0o600})
    const sandbox = await startCommand(['--port', '0', '--rate-limit', '0'], dir)
    expect(sandbox.stderr()).toContain('use it with: ac --profile sandbox contacts list, or ac profiles use sandbox')
    const stored = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))
    expect(stored.current).toBe('work')
    expect(stored.profiles.sandbox).toEqual({url: sandbox.url, token: sandbox.token})
    await sandbox.stop('SIGINT')
  })

  it('--memory keeps nothing: the next start is empty, and no data file is written', async () => {
    const dir = tempDir()
    const env = {PATH: process.env.PATH, HOME: dir, AC_CONFIG_DIR: dir, AC_RATE_LIMIT: '0'}
    const first = await startCommand(['--port', '0', '--memory', '--rate-limit', '0'], dir)
    expect(first.stderr()).toContain('(data in memory only)')
    expect((await runAc(['contacts', 'create', '--email', 'gone@example.com'], env)).code).toBe(0)
    await first.stop('SIGINT')
    const second = await startCommand(['--port', '0', '--memory', '--rate-limit', '0'], dir)
    const listed = await runAc(['--profile', 'sandbox', 'contacts', 'list', '--json'], env)
    expect(JSON.parse(listed.stdout)).toEqual([])
    expect(readdirSync(dir).filter((name) => name.startsWith('sandbox-data'))).toEqual([])
    await second.stop('SIGINT')
  })
})
