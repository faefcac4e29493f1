import {readFileSync, statSync} from 'node:fs'

import {AcError, usageError} from '../errors.js'
import type {ValueType} from '../spec/types.js'

// Turning what the user typed into request values: `--data`, `--field`, `--filter`,
// `--sort` and typed values. Everything here fails before any request is sent.

export async function readStdinText(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Why a file cannot be read, in the user's words rather than libuv's. */
export function unreadable(path: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `No such file: ${path}`
  if (error.code === 'EISDIR') return `${path} is a folder, not a file`
  if (error.code === 'EACCES' || error.code === 'EPERM') return `Cannot read ${path}: permission denied`
  return `Cannot read ${path}: ${error.code ?? error.message}`
}

/**
 * The most a file given as input may hold. The API takes bodies up to about 10 MB (the
 * sandbox answers 413 above); a bigger file is a mistake, and reading it whole would only
 * spend memory on a request that cannot succeed.
 */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024

/** A text file the user named, or a one-line usage error saying why it cannot be used: missing, a folder, too big, binary. */
export function readTextFile(path: string): string {
  let text: string
  try {
    const {size} = statSync(path)
    if (size > MAX_INPUT_BYTES) {
      throw usageError(`${path} is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_INPUT_BYTES / 1024 / 1024} MB a request may carry`, 'Split it into smaller files')
    }
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (error instanceof AcError) throw error
    throw usageError(unreadable(path, error as NodeJS.ErrnoException))
  }
  // NUL bytes or undecodable bytes (U+FFFD): an image or archive, not the text asked for.
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw usageError(`${path} is not a text file`, 'Give a UTF-8 text file')
  return text
}

/** Emails are checked before sending: the API's 422 would cost a request and a retry budget. */
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export function isEmail(text: string): boolean {
  return emailShape.test(text)
}

/** `JSON`, `@FILE` or `-` (stdin) → the parsed value. */
export async function readJsonInput(value: string, flag = '--data'): Promise<unknown> {
  let text = value
  let from = flag
  if (value === '-') {
    text = await readStdinText()
    from = `${flag} from stdin`
  } else if (value.startsWith('@')) {
    text = readTextFile(value.slice(1))
    from = value.slice(1)
  }

  if (!text.trim()) throw usageError(`${from} is empty`, `Give a JSON object, e.g. ${flag} '{"name":"value"}'`)
  return parseJson(text, from, `Give a JSON object, e.g. ${flag} '{"name":"value"}'`)
}

/** JSON text the user gave (a flag, a file, stdin) → its value, or a one-line usage error naming `from`. */
export function parseJson(text: string, from: string, hint?: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    // The parser quotes the input back: keep the line one line, and short.
    const why = (error as Error).message.replaceAll(/\s+/g, ' ').slice(0, 120)
    throw usageError(`${from} is not valid JSON: ${why}`, hint)
  }
}

/** `NAME=VALUE` → [NAME, VALUE]. */
export function splitAssignment(text: string, flag: string): [string, string] {
  const at = text.indexOf('=')
  if (at <= 0) throw usageError(`${flag} takes NAME=VALUE, got "${text}"`)
  return [text.slice(0, at), text.slice(at + 1)]
}

/** A string typed by the user → the value type the API documents. */
export function convert(text: string, type: ValueType, flag: string): unknown {
  switch (type) {
    case 'integer':
    case 'number': {
      const number = Number(text)
      if (text.trim() === '' || !Number.isFinite(number) || (type === 'integer' && !Number.isInteger(number))) {
        throw usageError(`--${flag} must be ${type === 'integer' ? 'a whole number' : 'a number'}, got "${text}"`)
      }

      return number
    }

    case 'boolean': {
      if (/^(true|1|yes)$/i.test(text)) return true
      if (/^(false|0|no)$/i.test(text)) return false
      throw usageError(`--${flag} must be true or false, got "${text}"`)
    }

    case 'json': {
      try {
        return JSON.parse(text)
      } catch {
        // A list of plain words needs no JSON: `--events subscribe,deal_update`.
        if (/^[\w.-]+(,[\w.-]+)*$/.test(text.trim())) return text.trim().split(',')
        throw usageError(`--${flag} must be JSON, got "${text}"`, 'Or a comma-separated list of words, e.g. subscribe,unsubscribe')
      }
    }

    default: {
      if ((flag === 'email' || flag.endsWith('-email')) && !isEmail(text)) {
        throw usageError(`--${flag} must be an email address, got "${text}"`, 'Write it as name@example.com')
      }

      return text
    }
  }
}

/**
 * `--filter name=value` / `--filter 'cdate[gt]=2024-01-01'` → `filters[name]`, `filters[cdate][gt]`.
 * `prefix` is the operation's own word: most say `filters`, personalizations `filter`.
 */
export function filterQuery(filters: string[] = [], prefix = 'filters'): Record<string, string> {
  const query: Record<string, string> = {}
  for (const filter of filters) {
    const [name, value] = splitAssignment(filter, '--filter')
    const match = /^([\w.{}-]+)((?:\[\w+\])*)$/.exec(name)
    if (!match) throw usageError(`--filter takes NAME=VALUE or NAME[op]=VALUE, got "${filter}"`)
    query[`${prefix}[${match[1]}]${match[2]}`] = value
  }

  return query
}

/** `--sort cdate:desc` → `orders[cdate]=DESC`. */
export function sortQuery(sorts: string[] = []): Record<string, string> {
  const query: Record<string, string> = {}
  for (const sort of sorts) {
    const match = /^([\w.]+)(?::(asc|desc))?$/i.exec(sort)
    if (!match) throw usageError(`--sort takes FIELD or FIELD:asc|desc, got "${sort}"`)
    query[`orders[${match[1]}]`] = (match[2] ?? 'asc').toUpperCase()
  }

  return query
}

/** Sets `a[b][c]=v` style keys into a nested object; `ids[]=1` appends (for `ac api -F contact[email]=x`). */
export function setNested(target: Record<string, unknown>, key: string, value: unknown): void {
  const base = key.split('[', 1)[0]
  const parts = [base, ...[...key.slice(base.length).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1])]
  let node: Record<string, unknown> | unknown[] = target
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1
    const child: unknown = last ? value : parts[index + 1] === '' ? [] : {}
    if (Array.isArray(node)) {
      if (part !== '') throw usageError(`Cannot mix [] and [${part}] in "${key}"`)
      node.push(child)
      node = child as Record<string, unknown> | unknown[]
      continue
    }

    if (last) node[part] = value
    else node[part] ??= child
    const next = node[part]
    // `-f a=1 -f a[b]=2`: a is already a plain value and cannot hold b (found by the property tests).
    if (!last && (next === null || typeof next !== 'object')) throw usageError(`"${key}" sets a field inside ${parts.slice(0, index + 1).join('.') || '""'}, which is already a value`, 'Give each key once, either plain or nested')
    node = next as Record<string, unknown> | unknown[]
  }
}
