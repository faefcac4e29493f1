import {Args, Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {confirmOrRefuse} from '../../lib/command/confirm.js'
import {confirmFlags, mutationFlags, outputFlags} from '../../lib/command/flags.js'
import {readJsonInput, readTextFile, setNested, splitAssignment} from '../../lib/command/input.js'
import type {Query} from '../../lib/client/client.js'
import {usageError} from '../../lib/errors.js'
import {unwrap} from '../../lib/envelope.js'
import {listSink, printRecord, printValue} from '../../lib/output/index.js'
import {listRecords} from '../../lib/paging.js'

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** `-F` values: numbers, true/false/null, `@file` contents; everything else a string. */
function typed(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text)
  if (text === 'true' || text === 'false') return text === 'true'
  if (text === 'null') return null
  if (text.startsWith('@')) return readTextFile(text.slice(1))

  return text
}

export default class Api extends AcCommand {
  static override summary = 'Send any request to the v3 API (like gh api)'
  static override description = `Reaches any path, documented or not, with the current credentials, pacing and retries.
-F key=value adds a typed field (numbers, true/false/null, @file for a file's text), -f key=value a raw string. Nested keys (contact[email]=x) and arrays (ids[]=1) build objects. Fields go in the query string for GET and DELETE, in a JSON body otherwise. --input sends a file (or - for stdin) as the body.
The answer is printed as JSON; -o table|csv|ndjson|yaml prints the records inside it. --paginate follows every page of a list.`

  static override examples = [
    'ac api GET /users/me',
    'ac api /contacts -F limit=1 -X GET',
    'ac api -X POST /contact/sync -F contact[email]=ann@example.com',
    'ac api /users/me -i',
    'ac api GET /contacts -F limit=5 -o table',
    'ac api POST /tags -f tag[tag]=VIP -f tag[tagType]=contact',
    'ac api PUT /contacts/12 --input contact.json',
    'ac api /tags --paginate -o ndjson',
    'ac api DELETE /tags/12 --yes',
  ]

  static override args = {
    method: Args.string({description: 'HTTP method, or the path (then GET, or POST when fields are given, as gh api does)', required: true, ignoreStdin: true}),
    path: Args.string({description: 'Path below /api/3, e.g. /contacts/12 (may carry ?query)', ignoreStdin: true}),
  }

  static override flags = {
    field: Flags.string({char: 'F', description: 'Typed field KEY=VALUE (repeatable)', multiple: true, multipleNonGreedy: true}),
    'raw-field': Flags.string({char: 'f', description: 'String field KEY=VALUE (repeatable)', multiple: true, multipleNonGreedy: true}),
    input: Flags.string({description: 'File to send as the body, or - for stdin'}),
    paginate: Flags.boolean({description: 'Follow every page of a list (GET only)'}),
    method: Flags.string({char: 'X', description: 'HTTP method (as gh api -X); without it: GET, or POST when fields are given. With -X GET, fields go in the query', options: methods}),
    header: Flags.string({char: 'H', description: "Extra request header 'Name: value' (repeatable)", multiple: true, multipleNonGreedy: true}),
    include: Flags.boolean({char: 'i', description: 'Print the HTTP status and response headers before the body'}),
    ...outputFlags,
    ...mutationFlags,
    ...confirmFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Api)
    const [positionalMethod, rawPath] = args.path === undefined ? [undefined, args.method] : [args.method.toUpperCase(), args.path]
    if (positionalMethod && flags.method && positionalMethod !== flags.method) throw usageError(`Two methods: ${positionalMethod} and -X ${flags.method}`, 'Give one')
    const method = flags.method ?? positionalMethod
    const headers = requestHeaders(flags.header ?? [])
    const fields: Record<string, unknown> = {}
    for (const assignment of flags.field ?? []) {
      const [key, value] = splitAssignment(assignment, '-F')
      setNested(fields, key, typed(value))
    }

    for (const assignment of flags['raw-field'] ?? []) {
      const [key, value] = splitAssignment(assignment, '-f')
      setNested(fields, key, value)
    }

    const verb = method ?? (Object.keys(fields).length > 0 || flags.input ? 'POST' : 'GET')
    if (!methods.includes(verb)) throw usageError(`Unknown method "${verb}"`, `Use one of ${methods.join(', ')}`)
    const {path, query} = splitPath(rawPath)
    const inQuery = verb === 'GET' || verb === 'DELETE'
    if (inQuery) Object.assign(query, flattenQuery(fields))
    let body: unknown = inQuery || Object.keys(fields).length === 0 ? undefined : fields
    if (flags.input) {
      if (inQuery) throw usageError(`${verb} sends no body: --input works with POST, PUT and PATCH`)
      if (body !== undefined) throw usageError('Give fields or --input, not both')
      body = await readJsonInput(flags.input === '-' || flags.input.startsWith('@') ? flags.input : `@${flags.input}`, '--input')
    }

    if (flags.paginate && verb !== 'GET') throw usageError('--paginate works with GET only')
    // A raw DELETE deletes all the same: it asks like every other delete.
    if (verb === 'DELETE') await confirmOrRefuse(`send DELETE ${path}?`, {yes: flags.yes, dryRun: this.dryRun})
    const client = await this.client()
    if (flags.paginate) {
      const sink = listSink(this.outputOptions())
      const {limit, offset, ...rest} = query
      for await (const record of listRecords(client, {path, query: rest, all: true, offset: offset === undefined ? undefined : Number(offset)})) {
        await sink.add(record)
      }

      await sink.end()
      return
    }

    const response = await client.request({method: verb, path, query, body, headers})
    if (response.planned) return
    if (flags.include) await writeHead(response)
    if (this.outputFormat === 'json' || response.body === undefined || typeof response.body !== 'object') {
      await printValue(response.body, this.outputOptions())
      return
    }

    const answer = unwrap(response.body, undefined, path)
    if (answer.kind === 'record') await printRecord(answer.record, this.outputOptions())
    else if (answer.kind === 'list') {
      const sink = listSink(this.outputOptions())
      for (const record of answer.records) await sink.add(record)
      await sink.end()
    } else await printValue(answer.value, this.outputOptions())
  }

  protected override get outputFormat() {
    return this.common.output === undefined && !this.common.json ? 'json' : super.outputFormat
  }
}

/** `-H 'Name: value'` → headers; the token header is ac's own and cannot be replaced. */
function requestHeaders(given: string[]): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const header of given) {
    const at = header.indexOf(':')
    if (at <= 0) throw usageError(`-H takes 'Name: value', got "${header}"`)
    const name = header.slice(0, at).trim()
    if (!/^[\w-]+$/.test(name)) throw usageError(`-H: "${name}" is not a header name`)
    if (name.toLowerCase() === 'api-token') throw usageError('-H cannot set Api-Token: ac sends the profile’s token itself', 'Use --profile or AC_API_TOKEN')
    headers[name] = header.slice(at + 1).trim()
  }

  return headers
}

/** `-i`: the status line and headers, as `gh api -i` prints them, then a blank line. */
async function writeHead(response: {status: number; headers: Record<string, string | string[] | undefined>}): Promise<void> {
  const {STATUS_CODES} = await import('node:http')
  const lines = [`HTTP ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim()]
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) lines.push(`${name}: ${item}`)
  }

  process.stdout.write(lines.join('\n') + '\n\n')
}

function splitPath(raw: string): {path: string; query: Query} {
  const url = new URL(raw.replace(/^https?:\/\/[^/]+/, ''), 'http://x')
  let path = url.pathname.replace(/^\/api\/3(?=\/|$)/, '') || '/'
  if (!path.startsWith('/')) path = `/${path}`
  const query: Query = {}
  for (const [key, value] of url.searchParams) {
    const existing = query[key]
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [String(existing)]), value]
  }

  return {path, query}
}

/** Nested fields → bracketed query keys: {contact: {email: x}} → contact[email]=x. */
function flattenQuery(value: Record<string, unknown>, prefix = ''): Query {
  const query: Query = {}
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}[${key}]` : key
    if (Array.isArray(item)) query[`${name}[]`] = item.map(String)
    else if (item && typeof item === 'object') Object.assign(query, flattenQuery(item as Record<string, unknown>, name))
    else query[name] = item === null ? '' : String(item)
  }

  return query
}
