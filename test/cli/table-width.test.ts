import {describe, expect, it} from 'vitest'

import {runScript, shellQuote, useHarness} from '../helpers.js'

const h = useHarness()
const bin = new URL('../../bin/run.js', import.meta.url).pathname

describe('tables on a terminal', () => {
  it('fit a narrow terminal: long cells end in …, ids are never cut, piped output stays whole', async () => {
    const email = 'a-very-long-address-for-the-table-width-test@an-even-longer-domain.example.com'
    const created = await h.ac(['contacts', 'create', '--email', email, '--first-name', 'Bartholomew Maximilian', '--json'])
    const {id} = JSON.parse(created.stdout)
    const command = [process.execPath, bin, 'contacts', 'list'].map(shellQuote).join(' ')
    const run = await runScript(`stty cols 60; ${command}`, {...h.env, NO_COLOR: '1', TERM: 'xterm'})
    const lines = run.stdout.split(/\r?\n/).filter((line) => /[│┌└]/.test(line))
    expect(lines.length).toBeGreaterThan(3)
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60)
    expect(run.stdout).toContain('…')
    expect(run.stdout).toMatch(new RegExp(`│ ${id} +│`))
    expect(run.stdout).not.toContain(email)

    const piped = await h.ac(['contacts', 'list'])
    expect(piped.stdout).toContain(`${id}\t${email}\tBartholomew Maximilian`)
  })

  it('a wide terminal shows the cells whole', async () => {
    const command = [process.execPath, bin, 'contacts', 'list'].map(shellQuote).join(' ')
    const run = await runScript(`stty cols 200; ${command}`, {...h.env, NO_COLOR: '1', TERM: 'xterm'})
    expect(run.stdout).toContain('an-even-longer-domain.example.com')
    expect(run.stdout).not.toContain('…')
  })
})

describe('--columns', () => {
  it('a column the records do not have is exit 2 naming it and what they have, before any line is printed', async () => {
    const run = await h.ac(['contacts', 'list', '--columns', 'id,emial', '-o', 'csv'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^Error: --columns: these records have no "emial"\. They have id, email, /)
    expect((await h.ac(['contacts', 'list', '--columns', 'id,email', '-o', 'csv'])).code).toBe(0)
  })
})
