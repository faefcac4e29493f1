import {describe, expect, it} from 'vitest'

import {useHarness} from '../helpers.js'

const h = useHarness()

describe('answers of every shape', () => {
  it('shows a list of plain values (webhook event names) as a value column', async () => {
    const run = await h.ac(['webhooks', 'events', 'list'])
    expect(run.code, run.stderr).toBe(0)
    const [header, ...rows] = run.stdout.trim().split('\n')
    expect(header).toBe('value')
    expect(rows).toContain('bounce')
  })

  it('prints a flat answer (no envelope) as the record itself', async () => {
    const run = await h.ac(['lists', 'exclusions', 'get', '1', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const record = JSON.parse(run.stdout)
    expect(Array.isArray(record)).toBe(false)
    expect(record).toHaveProperty('id')
  })

  it('shows a sub-collection with its own columns, not its parent resource', async () => {
    const contact = JSON.parse((await h.ac(['contacts', 'create', '--email', 'cols@example.com', '--json'])).stdout)
    await h.ac(['tags', 'create', '--tag', 'Cols'])
    await h.ac(['contacts', 'tag', contact.id, '--tag', 'Cols'])
    const run = await h.ac(['contacts', 'contact-tags', 'by-contact', contact.id])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.split('\n')[0].split('\t')).toEqual(['id', 'contact', 'tag', 'cdate'])
  })

  it('answers an undocumented list with an empty list, not an error', async () => {
    const run = await h.ac(['contacts', 'email-activities', 'list', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
  })

  it('help: users create never mentions a pipeline; deals create names the pipeline by name', async () => {
    const help = await h.ac(['users', 'create', '--help'])
    expect(help.stdout).not.toContain('pipeline')
    const deal = await h.ac(['deals', 'create', '--help'])
    expect(deal.stdout).toContain('pipeline name')
  })
})
