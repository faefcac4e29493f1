// Ctrl-C (SIGINT) and SIGTERM in the middle of every long job: the CLI stops within a second,
// leaves whole lines (a JSON list closed), writes the job's state, says how to resume, exits
// 130; and the command it names finishes the job with nothing done twice.

import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

const h = useHarness({importDelayMs: 20, importQuota: false})
const bin = new URL('../../bin/run.js', import.meta.url).pathname

interface Interrupted {
  code: number | null
  stdout: string
  stderr: string
  /** From the signal to the exit. */
  stopMs: number
}

/** Runs the CLI, sends `signal` once `ready()` holds (requests reached the sandbox, a line appeared), and times the stop. */
function interruptWhen(args: string[], ready: (out: {stdout: string; stderr: string}) => boolean, signal: NodeJS.Signals = 'SIGINT', cwd?: string, input = ''): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {env: h.env, cwd, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let sentAt: number | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdin.end(input)
    const poll = setInterval(() => {
      if (sentAt === undefined && ready({stdout, stderr})) {
        sentAt = Date.now()
        child.kill(signal)
      }
    }, 5)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`ac ${args.join(' ')} did not stop: ${stderr}`))
    }, 20_000)
    child.on('close', (code) => {
      clearInterval(poll)
      clearTimeout(timer)
      if (sentAt === undefined) reject(new Error(`ac ${args.join(' ')} ended before the signal (${code}): ${stderr}`))
      else resolve({code, stdout, stderr, stopMs: Date.now() - sentAt})
    })
  })
}

const requestsReach = (count: number, match = (_request: {method: string; path: string}) => true) => () => h.sandbox.requests.filter(match).length >= count
const posts = (path: string) => h.sandbox.requests.filter((request) => request.method === 'POST' && request.path === path)

async function seedSandbox(records: Record<string, unknown[]>): Promise<Record<string, string[]>> {
  const response = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify(records)})
  expect(response.status).toBe(201)
  return (await response.json()) as Record<string, string[]>
}

async function listAll(resource: string): Promise<Array<Record<string, unknown>>> {
  const run = await h.ac([resource, 'list', '--all', '-o', 'ndjson'])
  expect(run.code, run.stderr).toBe(0)
  return run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
}

function expectStopped(run: Interrupted): void {
  expect(run.code, run.stderr).toBe(130)
  expect(run.stopMs, run.stderr).toBeLessThan(1500)
  expect(run.stderr).toMatch(/Interrupted \(SIG(INT|TERM)\)/)
  expect(run.stdout === '' || run.stdout.endsWith('\n'), run.stdout.slice(-200)).toBe(true)
}

let dir: string
beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.configure({latencyMs: 100})
  h.sandbox.clearRequests()
  dir = mkdtempSync(join(h.configDir, 'interrupt-'))
})

describe('interrupting --all lists', () => {
  it.each([['SIGINT'], ['SIGTERM']] as const)('-o json closes the array on %s: the output parses', async (signal) => {
    await seedSandbox({tags: Array.from({length: 900}, (_, index) => ({tag: `t${index}`}))})
    const run = await interruptWhen(['tags', 'list', '--all', '--json'], ({stdout}) => stdout.length > 0, signal)
    expectStopped(run)
    expect(run.stdout, run.stderr).toMatch(/\]\n$/)
    const records = JSON.parse(run.stdout) as unknown[]
    expect(records.length).toBeGreaterThan(0)
    expect(records.length).toBeLessThan(900)
    expect(run.stderr).toContain('The whole list: ac tags list --all --json')
  })

  it('ndjson and csv: every line is whole', async () => {
    await seedSandbox({contacts: Array.from({length: 900}, (_, index) => ({email: `p${index}@example.com`}))})
    const ndjson = await interruptWhen(['contacts', 'list', '--all', '-o', 'ndjson'], ({stdout}) => stdout.length > 0)
    expectStopped(ndjson)
    for (const line of ndjson.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow()
    const csv = await interruptWhen(['contacts', 'export', '-o', 'csv'], ({stdout}) => stdout.split('\n').length > 3)
    expectStopped(csv)
    const lines = csv.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('id,email,firstName,lastName,phone,orgname')
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d+,p\d+@example\.com,/)
  })

  it('contacts export --output-file leaves the target untouched and says so', async () => {
    await seedSandbox({contacts: Array.from({length: 900}, (_, index) => ({email: `p${index}@example.com`}))})
    const target = join(dir, 'out.csv')
    writeFileSync(target, 'old\n')
    const run = await interruptWhen(['contacts', 'export', '-o', 'csv', '--output-file', target], requestsReach(2), 'SIGTERM')
    expectStopped(run)
    expect(readFileSync(target, 'utf8')).toBe('old\n')
    expect(run.stderr).toContain(`was not written (left as it was). Run it again: ac contacts export -o csv --output-file ${target}`)
  })
})

describe('interrupting seed apply and clean', () => {
  const fixture = () => {
    const file = join(dir, 'many.yml')
    const tags = Array.from({length: 30}, (_, index) => `  t${index}: {tag: tag-${index}}`).join('\n')
    const contacts = Array.from({length: 10}, (_, index) => `  c${index}: {email: c${index}@example.com, firstName: "\${tags.t${index}.id}"}`).join('\n')
    writeFileSync(file, `tags:\n${tags}\ncontacts:\n${contacts}\n`)
    return file
  }

  it('apply writes the state (in-flight creates marked), resumes without a duplicate, and clean removes all', async () => {
    const file = fixture()
    const state = file.replace(/\.yml$/, '.state.json')
    const run = await interruptWhen(['seed', 'apply', file], requestsReach(6, (request) => request.method === 'POST'))
    expectStopped(run)
    expect(run.stderr).toContain(`State in ${state}. Finish with: ac seed apply ${file}`)
    const written = JSON.parse(readFileSync(state, 'utf8')) as {records: Array<{action: string; uncertain?: boolean}>}
    expect(written.records.length).toBeGreaterThan(0)
    expect(written.records.length).toBeLessThan(40)

    const again = await h.ac(['seed', 'apply', file, '-o', 'ndjson'])
    expect(again.code, again.stderr).toBe(0)
    const tags = await listAll('tags')
    expect(tags.map((tag) => tag.tag).sort()).toEqual(Array.from({length: 30}, (_, index) => `tag-${index}`).sort())
    // Each record created once, over both runs.
    expect(posts('/tags')).toHaveLength(30)
    expect(posts('/contacts')).toHaveLength(10)

    const cleaned = await h.ac(['seed', 'clean', file, '--yes'])
    expect(cleaned.code, cleaned.stderr).toBe(0)
    expect(await listAll('tags')).toEqual([])
    expect(await listAll('contacts')).toEqual([])
    expect(existsSync(state)).toBe(false)
  })

  it('a create whose answer never came is found by the re-run and still cleaned (not "reused")', async () => {
    const file = fixture()
    const state = file.replace(/\.yml$/, '.state.json')
    // Answers slower than the grace period: the creates on the wire are abandoned.
    h.sandbox.configure({latencyMs: 2500})
    const run = await interruptWhen(['seed', 'apply', file], requestsReach(1, (request) => request.method === 'GET'))
    expect(run.code, run.stderr).toBe(130)
    expect(run.stopMs).toBeLessThan(1500)
    await new Promise((resolve) => setTimeout(resolve, 3000))
    h.sandbox.configure({latencyMs: 0})
    const written = JSON.parse(readFileSync(state, 'utf8')) as {records: Array<{name: string; uncertain?: boolean}>}
    const unsure = written.records.filter((entry) => entry.uncertain)
    expect(unsure.length, readFileSync(state, 'utf8')).toBeGreaterThan(0)
    // Whether the server acted on an abandoned create is unknown: make it so for all of them.
    const existing = new Set((await listAll('tags')).map((tag) => String(tag.tag)))
    const missing = unsure.map(({name}) => `tag-${name.slice(1)}`).filter((tag) => !existing.has(tag))
    if (missing.length > 0) await seedSandbox({tags: missing.map((tag) => ({tag}))})
    h.sandbox.clearRequests()

    const again = await h.ac(['seed', 'apply', file, '-o', 'ndjson'])
    expect(again.code, again.stderr).toBe(0)
    // Found by natural key: not created a second time.
    expect(posts('/tags')).toHaveLength(30 - unsure.length - [...existing].filter((tag) => !unsure.some(({name}) => `tag-${name.slice(1)}` === tag)).length)
    const after = JSON.parse(readFileSync(state, 'utf8')) as {records: Array<{name: string; action: string; createdByApply?: boolean}>}
    for (const {name} of unsure) expect(after.records.find((entry) => entry.name === name)).toMatchObject({action: 'reused', createdByApply: true})
    expect(new Set((await listAll('tags')).map((tag) => tag.tag)).size).toBe(30)
    const cleaned = await h.ac(['seed', 'clean', file, '--yes'])
    expect(cleaned.code, cleaned.stderr).toBe(0)
    expect(await listAll('tags')).toEqual([])
  })

  it('without a signal too: a create whose answer was lost and whose look-up failed is kept as uncertain, then cleaned', async () => {
    h.sandbox.configure({latencyMs: 0})
    const file = join(dir, 'one.yml')
    writeFileSync(file, 'tags:\n  lost: {tag: lost-answer}\n')
    const state = file.replace(/\.yml$/, '.state.json')
    // The POST is made but its answer lost; the look-up after it fails (every 2nd GET, no retries).
    h.sandbox.addFaults({method: 'POST', path: '/tags', kind: 'reset-after'}, {method: 'GET', path: '/tags', kind: '503', every: 2})
    const run = await h.ac(['seed', 'apply', file], {env: {AC_RETRIES: '0'}})
    await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/faults`, {method: 'DELETE'})
    expect(run.code, run.stderr).toBe(1)
    expect(JSON.parse(readFileSync(state, 'utf8')).records).toEqual([expect.objectContaining({name: 'lost', uncertain: true, id: ''})])
    expect((await listAll('tags')).map((tag) => tag.tag)).toEqual(['lost-answer'])

    const again = await h.ac(['seed', 'apply', file])
    expect(again.code, again.stderr).toBe(0)
    expect(posts('/tags')).toHaveLength(1)
    expect(JSON.parse(readFileSync(state, 'utf8')).records).toEqual([expect.objectContaining({name: 'lost', action: 'reused', createdByApply: true})])
    const cleaned = await h.ac(['seed', 'clean', file, '--yes'])
    expect(cleaned.code, cleaned.stderr).toBe(0)
    expect(await listAll('tags')).toEqual([])
  })

  it('clean keeps what it did not remove in the state, and the same command finishes', async () => {
    const file = fixture()
    h.sandbox.configure({latencyMs: 0})
    expect((await h.ac(['seed', 'apply', file])).code).toBe(0)
    h.sandbox.configure({latencyMs: 100})
    h.sandbox.clearRequests()
    const state = file.replace(/\.yml$/, '.state.json')
    const run = await interruptWhen(['seed', 'clean', file, '--yes'], requestsReach(6, (request) => request.method === 'DELETE'), 'SIGTERM')
    expectStopped(run)
    expect(run.stderr).toContain(`They stay in ${state}. Finish with: ac seed clean ${file} --yes`)
    const left = (JSON.parse(readFileSync(state, 'utf8')) as {records: unknown[]}).records.length
    expect(left).toBeGreaterThan(0)
    expect(left).toBeLessThan(40)
    const again = await h.ac(['seed', 'clean', file, '--yes'])
    expect(again.code, again.stderr).toBe(0)
    expect(await listAll('tags')).toEqual([])
    expect(await listAll('contacts')).toEqual([])
    // Nothing deleted twice.
    const paths = h.sandbox.requests.filter((request) => request.method === 'DELETE').map((request) => request.path)
    expect(new Set(paths).size).toBe(40)
  })
})

describe('interrupting contacts import', () => {
  it('writes the rows not sent and the command that imports them; together every contact once', async () => {
    const input = join(dir, 'people.csv')
    writeFileSync(input, ['email,first_name', ...Array.from({length: 2000}, (_, index) => `p${index}@example.com,P${index}`)].join('\n') + '\n')
    const run = await interruptWhen(['contacts', 'import', input], requestsReach(3, (request) => request.path === '/import/bulk_import'))
    expectStopped(run)
    const remaining = join(dir, 'people.remaining.csv')
    expect(run.stderr).toContain(`Resume with: ac contacts import ${remaining}`)
    const rest = readFileSync(remaining, 'utf8').trimEnd().split('\n')
    expect(rest[0]).toBe('email,first_name')
    const sentRows = posts('/import/bulk_import').flatMap((request) => (request.body as {contacts: Array<{email: string}>}).contacts.map((contact) => contact.email))
    expect(sentRows.length + rest.length - 1).toBe(2000)

    const resumed = await h.ac(['contacts', 'import', remaining, '--wait'])
    expect(resumed.code, resumed.stderr).toBe(0)
    const emails = posts('/import/bulk_import').flatMap((request) => (request.body as {contacts: Array<{email: string}>}).contacts.map((contact) => contact.email))
    expect(emails).toHaveLength(2000)
    expect(new Set(emails).size).toBe(2000)
  })
})

describe('interrupting bulk delete', () => {
  it('says what was deleted and not; the same command finishes with nothing deleted twice', async () => {
    const ids = (await seedSandbox({tags: Array.from({length: 60}, (_, index) => ({tag: `d${index}`}))})).tags
    const args = ['tags', 'delete', ...ids, '--yes', '--json']
    const run = await interruptWhen(args, requestsReach(10, (request) => request.method === 'DELETE'))
    expectStopped(run)
    const summary = JSON.parse(run.stdout) as {deleted: string[]; notDone: string[]; interrupted: boolean}
    expect(summary.interrupted).toBe(true)
    expect(summary.deleted.length + summary.notDone.length).toBe(60)
    expect(summary.notDone.length).toBeGreaterThan(0)
    expect(run.stderr).toContain('Finish with: ac tags delete')
    const again = await h.ac(args)
    expect(again.code, again.stderr).toBe(0)
    expect(await listAll('tags')).toEqual([])
    // What the first run deleted is "already gone" to the second: nothing is deleted twice.
    const second = JSON.parse(again.stdout) as {deleted: string[]; alreadyGone: string[]; failed: unknown[]}
    expect(second.failed).toEqual([])
    expect(second.alreadyGone).toEqual(expect.arrayContaining(summary.deleted))
    expect(second.deleted.every((id) => summary.notDone.includes(id))).toBe(true)
  })

  it('ids from stdin: the ones left go to a file, and the resume command reads it', async () => {
    const ids = (await seedSandbox({tags: Array.from({length: 60}, (_, index) => ({tag: `s${index}`}))})).tags
    const run = await interruptWhen(['tags', 'delete', '--ids-from', '-', '--yes'], requestsReach(10, (request) => request.method === 'DELETE'), 'SIGTERM', dir, ids.join('\n') + '\n')
    expectStopped(run)
    const left = join(dir, 'tags-delete.remaining.txt')
    expect(run.stderr).toContain('Finish with: ac tags delete --ids-from tags-delete.remaining.txt --yes')
    const leftIds = readFileSync(left, 'utf8').trim().split('\n')
    expect(leftIds.length).toBeGreaterThan(0)
    expect(leftIds.length).toBeLessThan(60)
    const again = await h.ac(['tags', 'delete', '--ids-from', left, '--yes'])
    expect(again.code, again.stderr).toBe(0)
    expect(await listAll('tags')).toEqual([])
  })
})
