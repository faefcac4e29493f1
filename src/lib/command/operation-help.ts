import {Args, Flags} from '@oclif/core'

import {changesState} from '../client/methods.js'
import {describe, referenceTarget} from '../resources/index.js'
import type {BodyField, Operation, Parameter} from '../spec/types.js'
import {bodyFlags, confirmFlags, mutationFlags, outputFlags, pagingFlags} from './flags.js'

// An operation's command line: its arguments, flags, help text and examples, all derived
// from the catalogue entry, so that 290 commands are described by the spec and nothing else.

type AnyFlag = ReturnType<typeof Flags.string> | ReturnType<typeof Flags.boolean>

export function isDelete(operation: Operation): boolean {
  return operation.method === 'DELETE'
}

/** Deletes, and changes to many records at once (`deals bulk-update`), ask first. */
export function needsConfirmation(operation: Operation): boolean {
  return isDelete(operation) || (operation.method !== 'POST' && /:bulk-[^:]*$/.test(operation.command))
}

/** DELETE /x/{id} takes several ids: `ac tags delete 3 4 5`. */
export function takesManyIds(operation: Operation): boolean {
  return isDelete(operation) && operation.pathParams.length === 1 && operation.query.length === 0 && !operation.body
}

function referenceNote(resource: string, name: string): string {
  const target = referenceTarget(resource, name)
  return target ? ` (id or ${describe(target).lookup!.noun} name)` : ''
}

function describeField(resource: string, field: BodyField | Parameter): string {
  const text = (field.description ?? '').split('\n')[0].trim().replace(/\.$/, '')
  const base = text || field.name
  const json = field.type === 'json' ? ' (JSON)' : ''
  return `${base}${json}${referenceNote(resource, field.name)}${field.required ? ' [required]' : ''}`
}

export function argsFor(operation: Operation) {
  return Object.fromEntries(
    operation.pathParams.map((parameter) => [parameter.flag, Args.string({required: true, ignoreStdin: true, description: describeField(operation.resource, parameter)})]),
  )
}

export function flagsFor(operation: Operation): Record<string, unknown> {
  const flags: Record<string, AnyFlag | unknown> = {}
  let hasFilter = false
  let hasSort = false
  for (const parameter of operation.query) {
    if (parameter.flag === 'filter') hasFilter = true
    else if (parameter.flag === 'sort') hasSort = true
    else {
      const description = describeField(operation.resource, parameter)
      // `--tag VIP` reads better than `--tag-id VIP` once the flag takes names.
      const aliases = referenceTarget(operation.resource, parameter.name) && parameter.flag.endsWith('-id') ? [parameter.flag.slice(0, -3)] : []
      flags[parameter.flag] = parameter.multiple
        ? Flags.string({description, multiple: true, aliases})
        : Flags.string({description, aliases})
    }
  }

  if (hasFilter || operation.paged) {
    flags.filter = Flags.string({description: 'Filter: NAME=VALUE, or NAME[op]=VALUE (sent as filters[NAME])', multiple: true})
  }

  if (hasSort || operation.paged) flags.sort = Flags.string({description: 'Sort: FIELD or FIELD:asc|desc (sent as orders[FIELD])', multiple: true})
  const bodyFields = operation.body?.fields ?? []
  const taken = new Set(bodyFields.map((field) => field.flag))
  for (const field of bodyFields) {
    const target = referenceTarget(operation.resource, field.name)
    const alias = target ? describe(target).lookup?.flagAlias : undefined
    const aliases = alias && !taken.has(alias) ? [alias] : []
    const description = describeField(operation.resource, field) + (aliases.length > 0 ? ` (also --${aliases[0]})` : '')
    flags[field.flag] =
      field.type === 'boolean'
        ? Flags.boolean({description, allowNo: true, helpGroup: 'BODY'})
        : Flags.string({description, aliases, helpGroup: 'BODY'})
  }

  const customFields = describe(operation.resource).customFields
  const writes = operation.method === 'POST' || operation.method === 'PUT' || operation.method === 'PATCH'
  if (customFields && writes && operation.body) {
    flags.field = Flags.string({description: 'Custom field value: ID=VALUE or NAME=VALUE (repeatable)', multiple: true, helpGroup: 'BODY'})
  }

  if (writes || operation.body) Object.assign(flags, bodyFlags)
  if (changesState(operation.method)) Object.assign(flags, mutationFlags)
  if (needsConfirmation(operation)) Object.assign(flags, confirmFlags)
  // Deletes too: --json also shapes errors and dry-run output.
  Object.assign(flags, outputFlags)
  if (operation.paged) Object.assign(flags, pagingFlags)
  return flags
}

function exampleValue(field: BodyField, example: Record<string, unknown> | undefined): string {
  const documented = example?.[field.name]
  if (field.type === 'json' && documented !== undefined && typeof documented === 'object') return `'${JSON.stringify(documented)}'`
  if (typeof documented === 'string' && documented && !documented.includes('\n')) return documented
  if (typeof documented === 'number') return String(documented)
  if (field.type === 'integer' || field.type === 'number') return '1'
  if (field.name.toLowerCase().includes('email')) return 'ann@example.com'
  return field.type === 'json' ? "'{}'" : 'NAME'
}

function quote(value: string): string {
  return /^[\w@.:/+-]+$/.test(value) || value.startsWith("'") ? value : `'${value.replaceAll("'", "'\\''")}'`
}

export function examplesFor(operation: Operation, commandLine: string): string[] {
  const args = operation.pathParams.map(() => '1')
  const exampleBody = operation.body?.example as Record<string, unknown> | undefined
  const inner = (operation.body?.root ? exampleBody?.[operation.body.root] : exampleBody) as Record<string, unknown> | undefined
  const shown = (operation.body?.fields ?? []).filter((field) => field.required || (inner && field.name in inner && field.type !== 'json'))
  const flags = shown.slice(0, 4).map((field) => (field.type === 'boolean' ? `--${field.flag}` : `--${field.flag} ${quote(exampleValue(field, inner))}`))
  const examples = [[commandLine, ...args, ...flags].join(' ')]
  if (operation.paged) examples.push(`${commandLine} ${args.join(' ')} --all -o csv`.replaceAll('  ', ' '))
  if (changesState(operation.method) && operation.body?.example !== undefined && inner) {
    examples.push(`${commandLine} ${args.join(' ')} --data @body.json`.replaceAll('  ', ' '))
  }

  if (needsConfirmation(operation)) examples.push(`${commandLine} ${args.join(' ')} --yes`.replaceAll('  ', ' '))
  return examples
}

export function descriptionFor(operation: Operation): string {
  const lines = [`API: ${operation.method} ${operation.path}`]
  if (operation.source === 'undocumented') lines.push('Not in the published reference, but answered by the API and widely used.')
  if (operation.paged) lines.push('Lists show 20 records; --limit, --offset and --all page through the rest.')
  if (takesManyIds(operation)) lines.push('Give several ids to delete several records.')
  return lines.join('\n')
}
