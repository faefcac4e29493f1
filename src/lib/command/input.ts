import {readFileSync} from 'node:fs'

import {usageError} from '../errors.js'
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

/** A file the user named, or a one-line usage error saying why it cannot be read. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw usageError(unreadable(path, error as NodeJS.ErrnoException))
  }
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

  try {
    return JSON.parse(text)
  } catch (error) {
    throw usageError(`${from} is not valid JSON: ${(error as Error).message}`)
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
        throw usageError(`--${flag} must be JSON, got "${text}"`)
      }
    }

    default: {
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
    node = node[part] as Record<string, unknown> | unknown[]
  }
}
