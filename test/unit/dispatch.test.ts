import {describe, expect, it} from 'vitest'

// The built module: its CommonJS import (help/request.cts) is compiled by tsc, not by vitest.
import {commandOf} from '../../dist/lib/dispatch.js'

// The words that name a command, found as oclif finds them (help/util.js): bin/run.js starts a
// command it finds this way with a manifest of that command alone, so the two must agree.

const takes = (args: string[]) => ({args: Object.fromEntries(args.map((name) => [name, {}]))})
const classes = {
  'contacts:list': takes([]),
  'contacts:get': takes(['id']),
  'contacts:contact-tags:list': takes([]),
  api: takes(['path']),
  'api:operations': takes([]),
  help: {strict: false, args: {}},
} as never

describe('commandOf', () => {
  it.each([
    [['contacts', 'list'], 'contacts:list'],
    [['contacts', 'list', '--limit', '5'], 'contacts:list'],
    [['contacts', 'get', '5'], 'contacts:get'],
    [['contacts', 'get', 'list'], 'contacts:get'],
    [['contacts', 'contact-tags', 'list', '-o', 'json'], 'contacts:contact-tags:list'],
    [['api', 'operations'], 'api:operations'],
    [['api', '/contacts'], 'api'],
    [['api', 'a=b'], 'api'],
    [['help', 'contacts'], 'help'],
  ])('%j is %s', (argv, id) => {
    expect(commandOf(argv, classes)).toBe(id)
  })

  it.each([
    [['contacts']],
    [['contacts', 'contact-tags']],
    [['contacts', 'lis']],
    [['contacts', 'list', 'extra']],
    [['nothing']],
    [['--json']],
  ])('%j names no command: oclif starts in full (topic help, "not a command")', (argv) => {
    expect(commandOf(argv, classes)).toBeUndefined()
  })
})
