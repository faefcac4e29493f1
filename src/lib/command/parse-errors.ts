// oclif's parse errors, rewritten as one sentence each in the user's words:
// `Parsing --limit Expected an integer but received: x` → `--limit must be a whole number, got "x"`.

import {stripVTControlCharacters} from 'node:util'

import {nearest} from '../text.js'

export interface ParseErrorContext {
  /** The command's flag names, for "did you mean". */
  flags: string[]
  /** Its argument names and descriptions, in order. */
  args: Array<{name: string; description?: string}>
  /** `ac contacts tag`, for hints. */
  commandLine: string
}

export function userWords(raw: string, context: ParseErrorContext): {message: string; hint?: string} {
  // oclif dims some reasons (`Missing required flag`) with ANSI codes even on a terminal; the
  // one-line error would show them escaped (`\u001b[2m`), and the patterns below would miss them.
  const text = stripVTControlCharacters(raw).replaceAll(/\s+/g, ' ').replace(/ See more help with --help\.?$/, '').trim()
  let match = /^Parsing --([\w-]+) Expected an integer (?:greater than or equal to (-?\d+) )?(?:and less than or equal to (-?\d+) )?but received: (.*)$/.exec(text)
  if (match) {
    const [, flag, min, max, got] = match
    const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : max !== undefined ? ` of at most ${max}` : ''
    return {message: `--${flag} must be a whole number${range}, got "${got}"`}
  }

  match = /^Expected --([\w-]+)=(.*) to be one of: (.*)$/.exec(text)
  if (match) return {message: `--${match[1]} must be one of ${match[3]}; got "${match[2]}"`}
  match = /^Nonexistent flags?: (.*)$/.exec(text)
  if (match) {
    const given = match[1].split(',')[0].trim()
    const guess = nearest(given.replace(/^-+/, '').replace(/=.*$/, ''), context.flags)
    return {message: `Unknown flag ${given}`, hint: guess ? `Did you mean --${guess}?` : `See ${context.commandLine} --help`}
  }

  match = /^Missing (\d+) required args?: (.*?)(?: Note: .*)?$/.exec(text)
  if (match) {
    const missing = context.args.filter((arg) => match![2].split(/\s+/).includes(arg.name))
    const said = (arg: {description?: string}) => arg.description?.replace(/\s*\[required\]$/, '')
    const named = missing.map((arg) => `${arg.name.toUpperCase()}${said(arg) ? ` (${said(arg)})` : ''}`).join(', ')
    return {message: `Missing ${named || match[2]}`, hint: `Usage: ${context.commandLine} ${context.args.map((arg) => arg.name.toUpperCase()).join(' ')}`}
  }

  match = /^Unexpected arguments?: (.*)$/.exec(text)
  if (match) {
    const takes = context.args.length === 0 ? 'takes no arguments' : `takes ${context.args.map((arg) => arg.name.toUpperCase()).join(' ')}`
    return {message: `Unexpected argument "${match[1].split(',')[0].trim()}"`, hint: `${context.commandLine} ${takes}`}
  }

  match = /^The following errors? occurred:? (.*)$/.exec(text)
  if (match) return userWords(match[1], context)
  match = /^--([\w-]+)=(.*) cannot also be provided when using --([\w-]+)$/.exec(text)
  if (match) return {message: `--${match[1]} and --${match[3]} cannot be used together`}
  match = /^Missing required flag:? ?-*([\w-]+)/.exec(text)
  if (match) return {message: `--${match[1]} is required`, hint: `See ${context.commandLine} --help`}
  return {message: text, hint: `See ${context.commandLine} --help`}
}
