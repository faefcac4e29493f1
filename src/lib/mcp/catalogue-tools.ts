import {Ajv, type ValidateFunction} from 'ajv'

import type {Query} from '../client/client.js'
import {unwrap} from '../envelope.js'
import {usageError} from '../errors.js'
import {sendOnce} from '../once/settle.js'
import {deriveFields, fillPath, missingFields, queueBodyNames, queueQueryNames, resolveNames, type PendingName, type Values} from '../request.js'
import {operations} from '../spec/catalogue.js'
import type {Operation} from '../spec/types.js'
import {pageOf} from './answers.js'
import {accessOf, annotationsFor, annotationsOf} from './guard.js'
import {operationSchema, pagingProperties} from './schema.js'
import type {Arguments, Tool, ToolContext} from './tool.js'

// Every operation of the catalogue through three tools instead of 289: find one by words,
// read its arguments as JSON Schema, call it. The tool list stays small; nothing is out of reach.

const ajv = new Ajv({allErrors: true, strict: false})
const validators = new Map<string, ValidateFunction>()

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z\d]+/).filter(Boolean)
}

function haystack(operation: Operation): string {
  return `${operation.command} ${operation.summary} ${operation.path} ${operation.method}`.toLowerCase()
}

export function findOperation(id: unknown): Operation {
  const wanted = String(id).trim().replaceAll(/\s+/g, ':')
  const found = operations().find((operation) => operation.command === wanted)
  if (found) return found
  const near = search(String(id), 5).map((operation) => operation.command)
  throw usageError(`No operation "${String(id)}"`, near.length ? `Did you mean: ${near.join(', ')}?` : 'Find one with search_operations')
}

function search(query: string, limit: number): Operation[] {
  const terms = words(query)
  return operations()
    .map((operation) => ({operation, score: terms.filter((term) => haystack(operation).includes(term)).length}))
    .filter(({score}) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({operation}) => operation)
}

function validate(operation: Operation, args: Values): void {
  let check = validators.get(operation.command)
  if (!check) validators.set(operation.command, (check = ajv.compile(operationSchema(operation))))
  if (!check(args)) throw usageError(`Invalid arguments for ${operation.command}: ${ajv.errorsText(check.errors, {dataVar: 'arguments'})}`, 'See describe_operation')
}

/** The record inside the body's wrapper; the agent may give either, as `--data` takes either. */
function innerBody(operation: Operation, given: unknown): Values {
  const root = operation.body?.root
  const body = structuredClone((given ?? {}) as Values)
  const wrapped = root !== undefined && typeof body[root] === 'object' && body[root] !== null
  const inner = (wrapped ? body[root!] : body) as Values
  // The API's own answers give ids as strings; the documented integer fields go back as numbers.
  for (const field of operation.body?.fields ?? []) {
    if (field.type === 'integer' && typeof inner[field.name] === 'string' && /^-?\d+$/.test(inner[field.name] as string)) inner[field.name] = Number(inner[field.name])
  }

  return inner
}

async function call(operation: Operation, args: Values, {client}: ToolContext): Promise<unknown> {
  const names: PendingName[] = []
  const query = {...(args.query as Query | undefined)}
  queueQueryNames(operation, query, names)
  let body: unknown
  if (args.body !== undefined || operation.body?.fields.some((field) => field.required)) {
    const inner = innerBody(operation, args.body)
    queueBodyNames(operation, inner, names)
    deriveFields(operation, inner)
    const missing = missingFields(operation, inner)
    if (missing.length > 0) throw usageError(`Missing ${missing.map((field) => `body.${field.name}`).join(', ')}`, 'See describe_operation')
    body = operation.body?.root ? {[operation.body.root]: inner} : inner
  }

  await resolveNames(client, names)
  const path = await fillPath(client, operation, (parameter) => String((args.path as Values)[parameter.name]))
  if (operation.paged) return pageOf(client, {path, query, responseKey: operation.responseKey, limit: args.limit as number, cursor: args.cursor as string})
  // A create whose answer was lost is settled by the record's natural key, as a command's is.
  const response = await sendOnce(client, {method: operation.method, path, query, body}, {root: operation.body?.root})
  if (operation.method === 'DELETE') return {deleted: `${operation.method} ${path}`, ...(response.body && typeof response.body === 'object' && Object.keys(response.body).length ? {answer: response.body} : {})}
  const answer = unwrap(response.body, operation.responseKey ?? operation.body?.root, operation.path)
  return answer.kind === 'list' ? {records: answer.records} : answer.kind === 'record' ? answer.record : answer.value
}

const operationArgument = {type: 'string', description: 'Operation id from search_operations, e.g. "contacts:list"'}

export const catalogueTools: Tool[] = [
  {
    name: 'search_operations',
    description: `Find any of the ${operations().length} API operations by words (in ids, summaries, paths); then describe_operation and call_operation.`,
    inputSchema: {
      type: 'object',
      properties: {query: {type: 'string', minLength: 1, description: 'e.g. "deal notes", "webhook create", "bounce"'}, limit: {type: 'integer', minimum: 1, maximum: 50, default: 10}},
      required: ['query'],
      additionalProperties: false,
    },
    annotations: annotationsFor('read'),
    access: 'read',
    async run(args) {
      const found = search(String(args.query), (args.limit as number | undefined) ?? 10)
      return {records: found.map(({command, method, path, summary}) => ({operation: command, method, path, summary}))}
    },
  },
  {
    name: 'describe_operation',
    description: "An operation's arguments (path, query, body) as JSON Schema, whether it changes anything, and the documented example.",
    inputSchema: {type: 'object', properties: {operation: operationArgument}, required: ['operation'], additionalProperties: false},
    annotations: annotationsFor('read'),
    access: 'read',
    async run(args) {
      const operation = findOperation(args.operation)
      const access = accessOf(operation)
      return {
        operation: operation.command,
        method: operation.method,
        path: operation.path,
        summary: operation.summary,
        access,
        needs: access === 'read' ? undefined : access === 'write' ? '--allow-writes' : '--allow-writes --allow-deletes',
        annotations: annotationsOf(operation),
        arguments: operationSchema(operation),
        example: operation.body?.example,
      }
    },
  },
  {
    name: 'call_operation',
    description: 'Call any operation by id with its arguments as describe_operation gives them. Names are accepted where ids point at tags, lists, stages, users, contacts.',
    inputSchema: {
      type: 'object',
      properties: {
        operation: operationArgument,
        path: {type: 'object', description: 'Path parameters: {"id": "12"}'},
        query: {type: 'object', description: 'Query parameters'},
        body: {description: 'The record to send (without its wrapper key)'},
        ...pagingProperties,
      },
      required: ['operation'],
      additionalProperties: false,
    },
    // The most any operation may do. Its own check is per call, by the operation it names (context.admit).
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false},
    access: 'read',
    async run(args, context) {
      const operation = findOperation(args.operation)
      context.admit(accessOf(operation), `${operation.method} ${operation.path} (${operation.command})`)
      const {operation: _id, ...rest} = args as Arguments
      // Validated as it will be sent: unwrapped, with what ac derives (a list's stringid) filled in.
      if (rest.body !== undefined && operation.body) {
        rest.body = innerBody(operation, rest.body)
        deriveFields(operation, rest.body as Values)
      }

      validate(operation, rest)
      return call(operation, rest, context)
    },
  },
]
