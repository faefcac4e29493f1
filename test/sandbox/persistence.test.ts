// The data file: written whole and atomically after mutations, read back at start.

import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {COLLECTIONS} from '../../src/lib/sandbox/collections.js'
import {Persistence} from '../../src/lib/sandbox/persistence.js'
import {startSandbox} from '../../src/lib/sandbox/server.js'
import {Store} from '../../src/lib/sandbox/store.js'
import {call} from './helpers.js'

const directory = mkdtempSync(join(tmpdir(), 'ac-sandbox-'))
afterAll(() => rmSync(directory, {recursive: true, force: true}))

describe('persistence', () => {
  it('writes the store through a temporary file and a rename, and reloads it on the next start', async () => {
    const file = join(directory, 'data.json')
    const seen: string[] = []
    const watcher = watch(directory, (_, name) => { if (name) seen.push(name) })
    const first = await startSandbox({port: 0, rateLimit: false, dataFile: file})
    await call(first, 'POST', '/contacts', {contact: {email: 'kept@example.com', firstName: 'Kept'}})
    await call(first, 'POST', '/tags', {tag: {tag: 'Kept tag'}})
    await first.close()
    watcher.close()

    expect(seen.some((name) => name === `data.json.tmp-${process.pid}`)).toBe(true)
    expect(readdirSync(directory).filter((name) => name.includes('.tmp-'))).toEqual([])
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    expect(saved.collections.contacts.rows[0].email).toBe('kept@example.com')

    const second = await startSandbox({port: 0, rateLimit: false, dataFile: file})
    try {
      expect((await call(second, 'GET', '/contacts/1')).json.contact).toMatchObject({email: 'kept@example.com', firstName: 'Kept'})
      const next = await call(second, 'POST', '/contacts', {contact: {email: 'next@example.com'}})
      expect(next.json.contact.id).toBe('2')
      expect((await call(second, 'GET', '/tags')).json.tags[0].tag).toBe('Kept tag')
    } finally {
      await second.close()
    }
  })

  it('starts empty when the file does not exist yet, and refuses a file that is not its own', async () => {
    const fresh = await startSandbox({port: 0, rateLimit: false, dataFile: join(directory, 'new.json')})
    expect((await call(fresh, 'GET', '/contacts')).json.meta.total).toBe('0')
    await fresh.close()
    expect(existsSync(join(directory, 'new.json'))).toBe(false)

    const foreign = join(directory, 'foreign.json')
    writeFileSync(foreign, 'not json')
    await expect(startSandbox({port: 0, dataFile: foreign})).rejects.toThrow(/not a sandbox data file/)
  })

  it('saves only what was written after a refused 200,000-deep body, never the body itself', async () => {
    // The refusal itself (400 {}) is tested in http.test.ts; here only the saved file counts.
    const file = join(directory, 'deep.json')
    const sandbox = await startSandbox({port: 0, rateLimit: false, dataFile: file})
    try {
      const deep = `{"tag":{"tag":"deep","description":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`
      await (await fetch(`${sandbox.url}/tags`, {method: 'POST', headers: {'Api-Token': sandbox.token}, body: deep})).arrayBuffer()
      expect((await call(sandbox, 'POST', '/tags', {tag: {tag: 'after'}})).status).toBe(201)
    } finally {
      await sandbox.close()
    }
    expect(JSON.parse(readFileSync(file, 'utf8')).collections.tags.rows.map((row: {tag: string}) => row.tag)).toEqual(['after'])
  })

  it('warns instead of throwing when the store cannot be written as JSON', async () => {
    const store = new Store(COLLECTIONS)
    store.put('tags', {id: '1', tag: 'big', count: 10n})
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.message)
    process.on('warning', onWarning)
    try {
      const persistence = new Persistence(join(directory, 'unwritable.json'), store)
      persistence.schedule()
      await expect(persistence.flush()).resolves.toBeUndefined()
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings.some((message) => /could not save .*unwritable\.json/.test(message))).toBe(true)
    expect(existsSync(join(directory, 'unwritable.json'))).toBe(false)
  })

  it('starts a new account from an empty data file, and refuses null or a wrong shape in one line naming the file', async () => {
    const empty = join(directory, 'empty.json')
    writeFileSync(empty, '  \n')
    const fresh = await startSandbox({port: 0, rateLimit: false, dataFile: empty})
    try {
      expect((await call(fresh, 'GET', '/contacts')).json.meta.total).toBe('0')
      await call(fresh, 'POST', '/tags', {tag: {tag: 'saved'}})
    } finally {
      await fresh.close()
    }
    expect(JSON.parse(readFileSync(empty, 'utf8')).collections.tags.rows).toHaveLength(1)

    const shapes: Record<string, string> = {
      'null.json': 'null',
      'array.json': '[]',
      'number.json': '42',
      'old.json': '{"version":7,"collections":{}}',
      'nocollections.json': '{"version":1}',
      'badtable.json': '{"version":1,"collections":{"tags":{"nextId":1,"rows":[{"tag":"no id"}]}}}',
      'badrows.json': '{"version":1,"collections":{"tags":null}}',
    }
    for (const [name, text] of Object.entries(shapes)) {
      const file = join(directory, name)
      writeFileSync(file, text)
      const failure = await startSandbox({port: 0, dataFile: file}).then(async (started) => {
        await started.close()
        return undefined
      }, (error: Error) => error)
      expect(failure, name).toBeInstanceOf(Error)
      expect(failure!.message, name).toContain(file)
      expect(failure!.message, name).toMatch(/not a sandbox data file/)
      expect(failure!.message.includes('\n'), name).toBe(false)
      expect(readFileSync(file, 'utf8')).toBe(text)
    }
  })
})
