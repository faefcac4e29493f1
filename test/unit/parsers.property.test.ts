import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {convert, filterQuery, readJsonInput, setNested, sortQuery, splitAssignment} from '../../src/lib/command/input.js'
import {checkIdArgument} from '../../src/lib/command/operation-help.js'
import {AcError} from '../../src/lib/errors.js'
import {parseFaultSpec} from '../../src/lib/sandbox/faults.js'
import {fill, recordReference} from '../../src/lib/seed/plan.js'
import {operations} from '../../src/lib/spec/catalogue.js'

// Whatever the user types, the parsers either give a value or throw a clean usage error
// (an AcError with exit code 2): never another exception, never a hang. fast-check makes up
// the input, shrinking any failure to its smallest form.

/** Runs `parse`; true when it returned or threw a usage AcError, and the error was one line. */
function parsesOrRefuses(parse: () => unknown): boolean {
  try {
    parse()
    return true
  } catch (error) {
    if (!(error instanceof AcError)) throw error
    expect(error.exitCode).toBe(2)
    expect(error.line).not.toMatch(/\n/)
    return true
  }
}

// Text with the characters these parsers care about, more often than chance would give them.
const special = fc.constantFrom('=', '[', ']', '[]', '.', ':', '${', '}', '@', '-', ' ', '\n', '\u0000', '{', '"', '0', '1', 'e', 'a')
const text = fc.oneof(fc.string({maxLength: 40}), fc.array(special, {maxLength: 20}).map((parts) => parts.join('')), fc.string({unit: 'grapheme', maxLength: 20}))
const json = fc.oneof(fc.json(), text)

describe('-F / -f / --field: NAME=VALUE', () => {
  it('splitAssignment gives a non-empty name and the rest, or refuses', () => {
    fc.assert(fc.property(text, (input) => parsesOrRefuses(() => {
      const [name, value] = splitAssignment(input, '-F')
      expect(name.length).toBeGreaterThan(0)
      expect(`${name}=${value}`).toBe(input)
    })))
  })

  it('setNested builds nested objects from any key, or refuses', () => {
    fc.assert(fc.property(fc.array(fc.tuple(text, fc.jsonValue()), {maxLength: 5}), (pairs) => parsesOrRefuses(() => {
      const target: Record<string, unknown> = {}
      for (const [key, value] of pairs) setNested(target, key, value)
      JSON.stringify(target)
    })), {numRuns: 2000})
  })

  it('--filter and --sort parse or refuse', () => {
    fc.assert(fc.property(fc.array(text, {maxLength: 4}), (inputs) => parsesOrRefuses(() => filterQuery(inputs)) && parsesOrRefuses(() => sortQuery(inputs))))
  })
})

describe('typed values and --data', () => {
  it('convert gives the documented type or refuses', () => {
    const types = fc.constantFrom('string', 'integer', 'number', 'boolean', 'json' as const)
    fc.assert(fc.property(text, types, fc.constantFrom('limit', 'email', 'owner-email', 'name'), (input, type, flag) => parsesOrRefuses(() => {
      const value = convert(input, type as 'string', flag)
      if (type === 'integer') expect(Number.isInteger(value)).toBe(true)
      if (type === 'boolean') expect(typeof value).toBe('boolean')
    })))
  })

  it('--data JSON parses to what JSON.parse gives, or refuses in one line', async () => {
    // `-` means stdin and `@FILE` a file: both are tested with the CLI, not here.
    await fc.assert(fc.asyncProperty(json.filter((input) => input !== '-' && !input.startsWith('@')), async (input) => {
      try {
        expect(await readJsonInput(input)).toEqual(JSON.parse(input))
      } catch (error) {
        if (!(error instanceof AcError)) throw error
        expect(error.exitCode).toBe(2)
        expect(error.line).not.toMatch(/\n/)
        expect(() => JSON.parse(input)).toThrow()
      }
    }))
  })
})

describe('id arguments', () => {
  const withIds = operations().filter((operation) => operation.pathParams.length > 0)
  it('every operation\'s id argument accepts whole numbers and refuses negative or fractional ones', () => {
    fc.assert(fc.property(fc.constantFrom(...withIds), fc.nat(), text, (operation, id, input) => {
      const parameter = operation.pathParams[0]
      expect(checkIdArgument(operation, parameter, String(id))).toBe(String(id))
      expect(() => checkIdArgument(operation, parameter, `-${id + 1}`)).toThrow(AcError)
      return parsesOrRefuses(() => checkIdArgument(operation, parameter, input))
    }))
  })
})

describe('fixture references', () => {
  it('fill replaces every ${...} it is given a value for, and never throws on its own', () => {
    fc.assert(fc.property(text, (input) => {
      const filled = fill(input, (expression) => `<${expression}>`)
      expect(typeof filled === 'string' || filled !== undefined).toBe(true)
      if (typeof filled === 'string') expect(filled).not.toMatch(/\$\{[^}]*\}/)
    }))
  })

  it('recordReference names a known resource, a record and a field, or nothing', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9_-]{0,8}$/)
    const expression = fc.oneof(text, fc.array(fc.oneof(word, fc.constantFrom('tags', 'contacts', 'lists', 'deals', 'fields')), {maxLength: 5}).map((parts) => parts.join('.')))
    fc.assert(fc.property(expression, (input) => {
      const target = recordReference(input)
      if (target) {
        expect(target.key).toMatch(/^\w+\..*/)
        expect(input.endsWith(`.${target.field}`)).toBe(true)
      }
    }))
  })
})

describe('the sandbox --faults SPEC', () => {
  it('parses to valid rules or throws an Error naming the bad item', () => {
    const item = fc.oneof(
      text,
      fc.tuple(fc.constantFrom('429', '502', 'reset-after', 'slow', 'hang', 'nope'), fc.constantFrom('', ':0.1', ':10%', ':every=3', ':2', ':x'), fc.constantFrom('', '@GET', '@/tags', '@POST/contacts/*', '@'))
        .map((parts) => parts.join('')),
    )
    fc.assert(fc.property(fc.array(item, {maxLength: 5}), (items) => {
      try {
        const config = parseFaultSpec(items.join(','))
        for (const fault of config.faults) {
          if (fault.rate !== undefined) expect(fault.rate).toBeGreaterThanOrEqual(0)
          if (fault.rate !== undefined) expect(fault.rate).toBeLessThanOrEqual(1)
          if (fault.every !== undefined) expect(Number.isInteger(fault.every) && fault.every >= 1).toBe(true)
        }
      } catch (error) {
        expect(error).toBeInstanceOf(Error)
        expect((error as Error).message).toMatch(/^"/)
      }
    }))
  })
})
