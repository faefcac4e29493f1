import type {ApiClient} from '../client/client.js'
import {splitAssignment} from '../command/input.js'
import {usageError} from '../errors.js'
import {fieldDefinitions, matchField, type FieldDefinition} from './fields.js'

// Which column feeds which of the bulk importer's snake_case fields. Headers are matched
// forgivingly (`First Name`, `firstName` and `first_name` are one column), then against the
// account's custom fields; `--map column=field` overrides and `--map column=` ignores. A
// column nobody claims is an error: guessing would silently drop its data.

export type StandardField = 'email' | 'first_name' | 'last_name' | 'phone' | 'customer_acct_name'

export type Target =
  | {kind: 'standard'; field: StandardField}
  | {kind: 'tags'}
  | {kind: 'lists'}
  | {kind: 'field'; id: string; title: string}
  | {kind: 'ignore'; why: string}

export interface ColumnMapping {
  column: string
  target: Target
}

const aliases: Record<string, Target> = {}
const alias = (target: Target, ...names: string[]) => {
  for (const name of names) aliases[name] = target
}

alias({kind: 'standard', field: 'email'}, 'email', 'emailaddress', 'mail')
alias({kind: 'standard', field: 'first_name'}, 'firstname', 'first', 'givenname')
alias({kind: 'standard', field: 'last_name'}, 'lastname', 'last', 'surname', 'familyname')
alias({kind: 'standard', field: 'phone'}, 'phone', 'phonenumber', 'telephone', 'mobile')
alias({kind: 'standard', field: 'customer_acct_name'}, 'customeracctname', 'orgname', 'organization', 'organisation', 'company', 'account', 'accountname')
alias({kind: 'tags'}, 'tags', 'tag')
alias({kind: 'lists'}, 'lists', 'list', 'subscribe', 'listid', 'listids')
// What `contacts export` and a failures file write beside the data: the account assigns
// ids, and a failure's reason is not the contact's.
alias({kind: 'ignore', why: 'ids are assigned by the account'}, 'id')
alias({kind: 'ignore', why: 'the reason a previous import gave'}, 'reason')

export function normalise(name: string): string {
  return name.toLowerCase().replaceAll(/[^a-z\d]/g, '')
}

export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'standard': {
      return target.field
    }

    case 'tags': {
      return 'tags (by name)'
    }

    case 'lists': {
      return 'subscribe (list by id or name)'
    }

    case 'field': {
      return `custom field ${target.id} (${target.title})`
    }

    default: {
      return `ignored: ${target.why}`
    }
  }
}

function fieldTarget(fields: FieldDefinition[], name: string): Target | 'ambiguous' | undefined {
  const found = matchField(fields, name)
  if (found.length > 1) return 'ambiguous'
  return found[0] && {kind: 'field', id: found[0].id, title: found[0].title}
}

/** Loaded only when some column is not a standard one: most files cost no request here. */
class Fields {
  private loaded?: Promise<FieldDefinition[]>
  constructor(private readonly client: ApiClient) {}
  get(): Promise<FieldDefinition[]> {
    this.loaded ??= fieldDefinitions(this.client)
    return this.loaded
  }
}

async function targetOf(name: string, fields: Fields, what: string): Promise<Target | undefined> {
  const standard = aliases[normalise(name)]
  if (standard) return standard
  const field = fieldTarget(await fields.get(), name)
  if (field === 'ambiguous') throw usageError(`${what}: several custom fields are titled "${name}"`, 'Map it by field id: --map "COLUMN=field:ID"')
  return field
}

export async function mapColumns(client: ApiClient, columns: string[], maps: string[] = []): Promise<ColumnMapping[]> {
  const fields = new Fields(client)
  const overrides = new Map<string, Target>()
  for (const map of maps) {
    const [column, target] = splitAssignment(map, '--map')
    const own = columns.find((candidate) => candidate === column) ?? columns.find((candidate) => normalise(candidate) === normalise(column))
    if (own === undefined) throw usageError(`--map ${map}: the file has no column "${column}"`, `Its columns: ${columns.join(', ')}`)
    if (target.trim() === '') {
      overrides.set(own, {kind: 'ignore', why: `--map ${column}=`})
      continue
    }

    const mapped = await targetOf(target, fields, `--map ${map}`)
    if (!mapped || mapped.kind === 'ignore') {
      throw usageError(`--map ${map}: "${target}" is not an importer field or a custom field`, 'Use email, first_name, last_name, phone, customer_acct_name, tags, lists, a custom field title or field:ID')
    }

    overrides.set(own, mapped)
  }

  const mapping: ColumnMapping[] = []
  const unknown: string[] = []
  for (const column of columns) {
    const target = overrides.get(column) ?? (await targetOf(column, fields, `Column "${column}"`))
    if (target) mapping.push({column, target})
    else unknown.push(column)
  }

  if (unknown.length > 0) {
    const names = unknown.map((column) => `"${column}"`).join(', ')
    throw usageError(`Unknown column${unknown.length > 1 ? 's' : ''} ${names}: not an importer field or a custom field of this account`, `Map it with --map "${unknown[0]}=FIELD", or ignore it with --map "${unknown[0]}="`)
  }

  const emails = mapping.filter(({target}) => target.kind === 'standard' && target.field === 'email')
  if (emails.length === 0) throw usageError('No column holds the email address', 'Name one "email", or --map "COLUMN=email"')
  if (emails.length > 1) throw usageError(`Several columns hold the email address: ${emails.map(({column}) => column).join(', ')}`, 'Ignore all but one with --map "COLUMN="')
  return mapping
}
