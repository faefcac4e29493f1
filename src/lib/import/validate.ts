import type {ApiClient} from '../client/client.js'
import {AcError} from '../errors.js'
import type {ColumnMapping} from './mapping.js'
import type {InputRow} from './read.js'

// Every row becomes an importer contact or a reason it cannot be one, before anything is
// sent: an empty or malformed email, an unknown list name. List names are resolved once
// each, however many rows name them.

export interface ImportContact {
  email: string
  first_name?: string
  last_name?: string
  phone?: string
  customer_acct_name?: string
  tags?: string[]
  subscribe?: Array<{listid: string}>
  fields?: Array<{id: string; value: string}>
}

export interface CheckedRow {
  row: InputRow
  contact?: ImportContact
  /** Why the row is invalid (when there is no contact). */
  problem?: string
}

// The importer's own rule (and the sandbox's): something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(text).join('|')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value).trim()
}

/** A cell holding several names: `a|b`, `a, b`, or a JSON array. */
function names(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(text) : text(value).split(/[|,]/)
  return [...new Set(items.map((item) => item.trim()).filter(Boolean))]
}

/** A multi-value field in JSON input (`["A","B"]`) is the API's `||A||B||`. */
function fieldValue(value: unknown): string {
  return Array.isArray(value) ? `||${value.map(text).join('||')}||` : text(value)
}

async function resolveLists(client: ApiClient, values: Set<string>): Promise<Map<string, {id?: string; problem?: string}>> {
  const {resolveId} = await import('../lookup.js')
  const resolved = new Map<string, {id?: string; problem?: string}>()
  for (const value of values) {
    try {
      resolved.set(value, {id: await resolveId(client, 'lists', value)})
    } catch (error) {
      // An unknown or ambiguous name is the row's problem, reported with its line.
      if (!(error instanceof AcError) || (error.exitCode !== 2 && error.code !== 'not_found')) throw error
      resolved.set(value, {problem: error.line})
    }
  }

  return resolved
}

export async function checkRows(client: ApiClient, rows: InputRow[], mapping: ColumnMapping[]): Promise<CheckedRow[]> {
  const listColumns = mapping.filter(({target}) => target.kind === 'lists').map(({column}) => column)
  const listValues = new Set(rows.flatMap((row) => listColumns.flatMap((column) => names(row.values[column]))))
  const lists = await resolveLists(client, listValues)
  return rows.map((row) => checkRow(row, mapping, lists))
}

function checkRow(row: InputRow, mapping: ColumnMapping[], lists: Map<string, {id?: string; problem?: string}>): CheckedRow {
  if (row.unreadable) return {row, problem: `cannot be read: ${row.unreadable}`}
  const contact: Partial<ImportContact> = {}
  const tags = new Set<string>()
  const subscribe = new Set<string>()
  const fields = new Map<string, string>()
  for (const {column, target} of mapping) {
    const value = row.values[column]
    switch (target.kind) {
      case 'standard': {
        const cell = text(value)
        if (cell !== '') contact[target.field] = cell
        break
      }

      case 'tags': {
        for (const tag of names(value)) tags.add(tag)
        break
      }

      case 'lists': {
        for (const name of names(value)) {
          const list = lists.get(name)
          if (list?.problem) return {row, problem: list.problem}
          if (list?.id) subscribe.add(list.id)
        }

        break
      }

      case 'field': {
        const cell = fieldValue(value)
        if (cell !== '') fields.set(target.id, cell)
        break
      }

      default:
    }
  }

  if (!contact.email) return {row, problem: 'the email is empty'}
  if (!EMAIL.test(contact.email)) return {row, problem: `"${contact.email}" is not a valid email address`}
  if (tags.size > 0) contact.tags = [...tags]
  if (subscribe.size > 0) contact.subscribe = [...subscribe].map((listid) => ({listid}))
  if (fields.size > 0) contact.fields = [...fields].map(([id, value]) => ({id, value}))
  return {row, contact: contact as ImportContact}
}
