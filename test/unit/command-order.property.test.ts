import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {compareIds} from '../../src/lib/command-order.js'

// oclif sorts command ids with localeCompare; the bundle sorts them with compareIds (no ICU).

describe('compareIds', () => {
  const id = fc.stringMatching(/^[a-z\d:-]{0,12}$/)

  it('orders ids of letters, digits, colons and hyphens as localeCompare does', () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(compareIds(a, b)).toBe(Math.sign(a.localeCompare(b)))
      }),
      {numRuns: 5000},
    )
  })

  it('leaves any other id to localeCompare', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(Math.sign(compareIds(a, b))).toBe(Math.sign(a.localeCompare(b)))
      }),
    )
  })
})
