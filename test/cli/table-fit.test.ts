import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {fitWidths} from '../../src/lib/output/table.js'
import {useHarness} from '../helpers.js'

// Tables that fit (the new-user tour at 70 columns): a table too wide for the screen drops
// columns from the right and says so, rather than wrapping every row; short cells, ids and
// money are whole or not shown; the key column is cut last. Piped TSV keeps the API's values
// in the columns scripts have always cut.

const h = useHarness()
const cache = () => ({AC_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-fit-')), NO_COLOR: '1'})
/** The table's lines on the screen (borders and rows), and what else was printed. */
const tableLines = (output: string) => output.split(/\r?\n/).filter((line) => /^[│┌└├]/.test(line))

beforeAll(async () => {
  await h.seed({
    contacts: [{id: 701, email: 'ann.longname@example.com', firstName: 'Ann'}],
    dealGroups: [{id: 901, title: 'Enterprise Sales', currency: 'usd'}],
  })
  await h.seed({dealStages: [{id: 911, title: 'Qualified', group: '901'}]})
  await h.seed({
    deals: [
      {id: 951, title: 'New license for the whole northern region', value: '120000', currency: 'usd', contact: '701', stage: '911', owner: '1'},
      {id: 952, title: 'Renewal', value: '9900', currency: 'eur', contact: '701', stage: '911', owner: '1', status: '1'},
    ],
  })
})

describe('a deals table on a 70-column terminal', () => {
  it('fits: every line within 70, the id and money whole, the title cut last, columns dropped from the right and named once on stderr', async () => {
    const run = await h.onTty(['deals', 'list'], 70, cache())
    expect(run.code, run.stdout).toBe(0)
    const lines = tableLines(run.stdout)
    expect(lines.length).toBe(6) // top, header, rule, two deals, bottom: no row wraps
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(70)
    expect(lines[1]).toMatch(/^│ id +│ title +│ value +│ status +│/)
    // The title is cut last (after the contact, down to its floor), the money never.
    expect(run.stdout).toMatch(/│ 951 │ New license for the[^│]*… │ 1,200\.00 USD │ open +│ ann\.longnam… │$/m)
    expect(run.stdout).toMatch(/│ 952 │ Renewal +│ 99\.00 EUR +│ won +│ ann\.longnam… │$/m)
    const notes = run.stdout.split(/\r?\n/).filter((line) => line.includes('hidden to fit'))
    expect(notes).toHaveLength(1)
    // A column under another header is named as --columns takes it too.
    expect(notes[0]).toBe('3 columns hidden to fit 70 columns: pipeline (group), stage, owner (--columns to choose)')
    expect(lines[1]).toMatch(/^│ id +│ title +│ value +│ status +│ contact +│$/)
  })

  it('--columns wins: the chosen columns are all shown, nothing hidden', async () => {
    const run = await h.onTty(['deals', 'list', '--columns', 'id,title,stage,owner'], 70, cache())
    expect(tableLines(run.stdout)[1]).toMatch(/^│ id +│ title +│ stage +│ owner +│$/)
    expect(run.stdout).not.toContain('hidden to fit')
  })
})

describe('a deals table on a 160-column terminal', () => {
  it('shows every default column whole, no note', async () => {
    const run = await h.onTty(['deals', 'list'], 160, cache())
    const lines = tableLines(run.stdout)
    expect(lines[1]).toMatch(/^│ id +│ title +│ value +│ status +│ contact +│ pipeline +│ stage +│ owner +│$/)
    expect(run.stdout).toMatch(/│ 951 │ New license for the whole northern region │ 1,200\.00 USD │ open +│ ann\.longname@example\.com │ Enterprise Sales │ Qualified │ admin +│/)
    expect(run.stdout).not.toContain('hidden to fit')
    expect(run.stdout).not.toContain('…')
  })
})

describe('piped deals keep what scripts read', () => {
  it('TSV: the API values in the original column order, no look-ups', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['deals', 'list'], {env: cache()})
    expect(run.stdout).toBe(
      'id\ttitle\tvalue\tcurrency\tstatus\tstage\towner\n' +
        '951\tNew license for the whole northern region\t120000\tusd\t0\t911\t1\n' +
        '952\tRenewal\t9900\teur\t1\t911\t1\n',
    )
    expect(run.stderr).not.toContain('hidden')
    expect(h.sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /deals'])
  })

  it('csv: the same columns and values', async () => {
    const run = await h.ac(['deals', 'list', '-o', 'csv'], {env: cache()})
    expect(run.stdout).toBe('id,title,value,currency,status,stage,owner\n951,New license for the whole northern region,120000,usd,0,911,1\n952,Renewal,9900,eur,1,911,1\n')
  })
})

describe('fitWidths', () => {
  const head = ['id', 'title', 'created', 'phone', 'value', 'notes']
  const rows = [['7', 'A title long enough to need cutting somewhere', '2026-12-07', '555-0100', '1,200.00 USD', 'some rather long notes here']]

  it('cuts only long text columns, never below 12 characters; short columns and money stay whole', () => {
    const fit = fitWidths(head, rows, 100, true)
    expect(fit.shown).toEqual([0, 1, 2, 3, 4, 5])
    const [id, title, created, phone, value, notes] = fit.widths!
    expect([id, created, phone, value]).toEqual([4, 12, 10, 14])
    expect(notes).toBeGreaterThanOrEqual(14)
    expect(title).toBeGreaterThan(notes) // the key column is cut last
    expect(fit.widths!.reduce((sum, width) => sum + width, 0) + 7).toBeLessThanOrEqual(100)
  })

  it('drops from the right, never the id or the key column, when the floors do not fit', () => {
    const fit = fitWidths(head, rows, 40, true)
    expect(fit.shown).toEqual([0, 1, 2])
    expect(fit.widths!.reduce((sum, width) => sum + width, 0) + fit.shown.length + 1).toBeLessThanOrEqual(40)
    // Without leave to drop (columns the user chose), everything stays and text is cut to the bone.
    expect(fitWidths(head, rows, 40).shown).toHaveLength(6)
  })
})
