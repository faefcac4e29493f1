import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

// bin/run.js loads the bundle (dist/bundle/ac.cjs, vendor/got.cjs...) through V8's code cache
// (src/lib/code-cache.cts): written once when a run ends, read by every later start.

describe('the code cache', () => {
  const h = useHarness()
  const folder = () => mkdtempSync(join(tmpdir(), 'ac-code-'))
  const files = (dir: string) => readdirSync(dir).sort()
  const times = (dir: string) => files(dir).map((name) => statSync(join(dir, name)).mtimeMs)

  it('is written by the first run of a command, then read: later runs write nothing and answer the same', async () => {
    const dir = folder()
    const first = await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: dir}})
    expect(first.code, first.stderr).toBe(0)
    expect(files(dir).map((name) => name.replace(/-v\d.*\./, '-*.'))).toEqual(['ac.cjs-*.run', 'got.cjs-*.run'])
    const written = times(dir)
    const again = await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: dir}})
    expect(again.stdout).toBe(first.stdout)
    expect(times(dir)).toEqual(written)
  })

  it('writing a cache removes those of earlier builds, and any not written for a month', async () => {
    const dir = folder()
    await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: dir}})
    const current = files(dir)
    const earlier = current[0].replace(/-\d+-\d+\.run$/, '-1-2.run')
    writeFileSync(join(dir, earlier), 'old build')
    writeFileSync(join(dir, 'got.cjs-v0.0.0-x64-gone-1-2.run'), 'an install that is gone')
    utimesSync(join(dir, 'got.cjs-v0.0.0-x64-gone-1-2.run'), new Date('2026-01-01'), new Date('2026-01-01'))
    writeFileSync(join(dir, 'got.cjs-v0.0.0-x64-other-1-2.run'), 'another install, in use')
    rmSync(join(dir, current[0]))
    await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: dir}})
    expect(files(dir)).toEqual([...current, 'got.cjs-v0.0.0-x64-other-1-2.run'].sort())
  })

  it('a cache V8 refuses (damaged) is compiled past and written anew; the answer is the same', async () => {
    const dir = folder()
    const first = await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: dir}})
    const name = join(dir, files(dir).find((file) => file.startsWith('ac.cjs'))!)
    const garbage = Buffer.alloc(statSync(name).size, 7)
    writeFileSync(name, garbage)
    const again = await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: dir}})
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toBe(first.stdout)
    expect(readFileSync(name).equals(garbage)).toBe(false)
  })

  it('help alone writes a cache of help; the first command run replaces it with its own', async () => {
    const dir = folder()
    const help = await h.ac(['tags', 'list', '--help'], {env: {AC_CODE_CACHE_DIR: dir, AC_CACHE_DIR: folder()}})
    expect(help.code).toBe(0)
    expect(files(dir).map((name) => name.replace(/-v\d.*\./, '-*.'))).toEqual(['ac.cjs-*.help'])
    await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: dir}})
    expect(files(dir).some((name) => name.startsWith('ac.cjs') && name.endsWith('.run'))).toBe(true)
  })

  it('AC_CODE_CACHE=0 writes none, and a folder that is a link is not used', async () => {
    const off = folder()
    expect((await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: off, AC_CODE_CACHE: '0'}})).code).toBe(0)
    expect(files(off)).toEqual([])
    const target = folder()
    const link = join(folder(), 'code')
    symlinkSync(target, link)
    expect((await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: link}})).code).toBe(0)
    expect(files(target)).toEqual([])
  })

  it('a folder that cannot be made (a file is in the way) leaves the command as it was', async () => {
    const parent = folder()
    writeFileSync(join(parent, 'code'), 'not a folder')
    const run = await h.ac(['tags', 'list'], {env: {AC_CODE_CACHE_DIR: join(parent, 'code', 'inner')}})
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('')
  })
})

describe('starting a command', () => {
  const h = useHarness()

  it('words that name no command, a topic, and flags before the command start as oclif always did', async () => {
    const typo = await h.ac(['tags', 'list', 'extra'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('"ac tags list extra" is not a command')
    const topic = await h.ac(['tags'])
    expect(topic.code).toBe(0)
    expect(topic.stdout).toContain('ac tags COMMAND')
    const leading = await h.ac(['--json', 'tags', 'list'])
    expect(leading.code, leading.stderr).toBe(0)
    expect(JSON.parse(leading.stdout)).toEqual([])
    expect(h.requestLines().filter((line) => line.startsWith('GET /tags'))).toHaveLength(1)
  })

  // `ac X --help` is written from X's class alone; `ac help X` takes oclif's full start (the
  // manifest of every command). Same text, for commands of every kind: generated operations,
  // lists, bulk jobs, hand-written ones, hidden flags, examples, arguments.
  it.each([
    'contacts list',
    'contacts get',
    'tags update',
    'deals create',
    'accounts bulk-delete',
    'seed apply',
    'auth login',
    'webhooks trigger',
    'contacts field-groups members update',
    'sandbox start',
    'mcp',
  ])('`ac %s --help` is the same text as `ac help` of the same words', async (words) => {
    const env = {AC_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-help-'))}
    const direct = await h.ac([...words.split(' '), '--help'], {env})
    const full = await h.ac(['help', ...words.split(' ')], {env})
    expect(direct.code).toBe(0)
    expect(direct.stdout).toContain('USAGE')
    expect(direct.stdout).toBe(full.stdout)
  })
})
