import {mkdtempSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {runScript, useHarness} from '../helpers.js'

const h = useHarness()
const bin = new URL('../../bin/run.js', import.meta.url).pathname

beforeAll(async () => {
  const tags = Array.from({length: 250}, (_, index) => ({tag: `p${index}`}))
  const response = await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({tags})})
  expect(response.ok).toBe(true)
})

describe('progress of long lists', () => {
  // A few pages that take a moment, as against a real account: the bar has time to show.
  beforeAll(() => h.sandbox.configure({latencyMs: 60}))

  it('draws a bar with counts, rate and time left on stderr when stderr is a terminal and the data goes to a file', async () => {
    const file = join(mkdtempSync(join(h.configDir, 'progress-')), 'tags.csv')
    const {stdout: screen} = await runScript(`node ${bin} tags list --all -o csv > ${file}`, h.env)
    expect(screen).toMatch(/Fetching tags [█░]+ \d+\/250 \d+% \| [\d.]+\/s \| ETA /)
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(251)
    expect(readFileSync(file, 'utf8')).not.toContain('Fetching')
  })

  it('counts contacts against the whole list, though each id_greater page reports what is left', async () => {
    const contacts = Array.from({length: 250}, (_, index) => ({email: `progress-${index}@example.com`}))
    await fetch(`${h.sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({contacts})})
    const file = join(mkdtempSync(join(h.configDir, 'progress-')), 'contacts.csv')
    const {stdout: screen} = await runScript(`node ${bin} contacts list --all -o csv > ${file}`, h.env)
    expect(screen).toMatch(/Fetching contacts [█░]+ \d+\/250 /)
    expect(screen).not.toMatch(/ (1[1-9]\d|[2-9]\d\d|\d{4,})% /)
  })

  it('draws nothing with --quiet, even on a terminal', async () => {
    const file = join(mkdtempSync(join(h.configDir, 'progress-')), 'tags.csv')
    const {stdout: screen} = await runScript(`node ${bin} tags list --all -o csv --quiet > ${file}`, h.env)
    expect(screen).not.toContain('Fetching')
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(251)
  })

  it('says nothing when stderr is not a terminal', async () => {
    const run = await h.ac(['tags', 'list', '--all', '-o', 'csv'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
  })
})
