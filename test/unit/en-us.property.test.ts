import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {enUS} from '../../src/lib/resources/formats.js'

// Tables write money and counts as en-US does without Intl (setting ICU up costs ~10 ms): the
// text must be what toLocaleString('en-US') writes, for every number.

describe('enUS', () => {
  const numbers = fc.oneof(fc.double({noNaN: true, noDefaultInfinity: true}), fc.integer(), fc.integer({min: -1e9, max: 1e9}).map((n) => n / 100), fc.constantFrom(0, -0, 0.005, 1.005, -0.001, 999.995, 1e21, 123_456_789.125))

  it('with 2 decimals, as toLocaleString writes money', () => {
    fc.assert(fc.property(numbers, (n) => {
      expect(enUS(n, 2)).toBe(n.toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2}))
    }), {numRuns: 2000})
  })

  it('with no decimals given, as toLocaleString writes a count', () => {
    fc.assert(fc.property(numbers, (n) => {
      expect(enUS(n)).toBe(n.toLocaleString('en-US'))
    }), {numRuns: 2000})
  })
})
