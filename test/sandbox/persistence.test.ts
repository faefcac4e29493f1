// The data file: written whole and atomically after mutations, read back at start.

import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {startSandbox} from '../../src/lib/sandbox/server.js'
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
})
