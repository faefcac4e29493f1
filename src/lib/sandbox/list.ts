// One list engine for every collection: the API's filters, search, ordering, paging and
// meta, plus `include=` sideloads. A page costs one pass over the collection (O(n)), so
// deep `id_greater` paging over thousands of contacts stays fast.

import type {CollectionDescription, Query, RecordContext} from './collection.js'
import {renderAll} from './records.js'
import type {StoredRecord} from './store.js'

type Predicate = (record: StoredRecord) => boolean

export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 100

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function camelCase(field: string): string {
  return field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

/** A record's value for a query field name: as given, else its camelCase spelling. */
function fieldValue(record: StoredRecord, field: string): unknown {
  return field in record ? record[field] : record[camelCase(field)]
}

function compareValues(a: unknown, b: unknown): number {
  const numberA = Number(a)
  const numberB = Number(b)
  if (a !== '' && b !== '' && a !== null && b !== null && !Number.isNaN(numberA) && !Number.isNaN(numberB)) return numberA - numberB
  const textA = String(a ?? '').toLowerCase()
  const textB = String(b ?? '').toLowerCase()
  return textA < textB ? -1 : textA > textB ? 1 : 0
}

function searchPredicate(description: CollectionDescription, term: string): Predicate {
  const needle = term.toLowerCase()
  return (record) => {
    const fields = description.searchFields ?? Object.keys(record)
    return fields.some((field) => typeof record[field] === 'string' && (record[field] as string).toLowerCase().includes(needle))
  }
}

const DATE_FILTERS: Record<string, [string, 1 | -1]> = {
  created_before: ['cdate', -1], created_after: ['cdate', 1], updated_before: ['udate', -1], updated_after: ['udate', 1],
}

/** `filters[field]=v` (equality), `filters[field][op]=v` (eq, neq, contains, gt, gte, lt, lte), dates, search. */
function filterPredicate(description: CollectionDescription, key: string, value: string): Predicate | undefined {
  const match = /^filters\[([^\]]+)\](?:\[([^\]]*)\])?$/.exec(key)
  if (!match) return undefined
  const [, named, operator = 'eq'] = match
  const field = description.filterFields?.[named] ?? named
  if (field === 'search') return searchPredicate(description, value)
  const dateFilter = DATE_FILTERS[field]
  if (dateFilter) {
    const [dateField, direction] = dateFilter
    return (record) => compareValues(String(record[dateField] ?? '').slice(0, value.length), value) * direction > 0
  }
  return (record) => {
    const actual = fieldValue(record, field)
    if (actual === undefined) return true // the API ignores filters on fields it does not know
    const order = compareValues(actual, value)
    switch (operator) {
      case 'neq': return order !== 0
      case 'contains': return String(actual).toLowerCase().includes(value.toLowerCase())
      case 'gt': return order > 0
      case 'gte': return order >= 0
      case 'lt': return order < 0
      case 'lte': return order <= 0
      default: return String(actual).toLowerCase() === value.toLowerCase()
    }
  }
}

function predicates(state: RecordContext, description: CollectionDescription, query: Query): Predicate[] {
  const tests: Predicate[] = []
  // `ids=1,2`, `ids=1&ids=2`, `ids[]=1&ids[]=2`: every value, comma-split.
  const idValues = ['ids', 'ids[]'].flatMap((name) => query[name] ?? [])
  if (idValues.length > 0) {
    const wanted = new Set(idValues.flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean))
    if (wanted.size > 0) tests.push((record) => wanted.has(record.id))
  }
  const search = first(query.search)
  if (search) tests.push(searchPredicate(description, search))
  const greater = first(query.id_greater)
  if (greater !== undefined) tests.push((record) => Number(record.id) > Number(greater))
  const less = first(query.id_less)
  if (less !== undefined) tests.push((record) => Number(record.id) < Number(less))
  for (const [key, value] of Object.entries(query)) {
    const test = filterPredicate(description, key, first(value) ?? '')
    if (test) tests.push(test)
  }
  const custom = description.queryFilter?.(query, state)
  if (custom) tests.push(custom)
  return tests
}

function orderings(query: Query): Array<[string, number]> {
  const orders: Array<[string, number]> = []
  for (const [key, value] of Object.entries(query)) {
    const match = /^orders\[([^\]]+)\]$/.exec(key)
    if (match) orders.push([match[1], first(value)?.toUpperCase() === 'DESC' ? -1 : 1])
  }
  return orders
}

function pageWindow(query: Query): {limit: number; offset: number} {
  const requested = Number.parseInt(first(query.limit) ?? '', 10)
  const limit = Number.isNaN(requested) || requested < 1 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE)
  const offset = Math.max(0, Number.parseInt(first(query.offset) ?? '0', 10) || 0)
  return {limit, offset}
}

export interface Page {
  records: StoredRecord[]
  matching: StoredRecord[]
  limit: number
  offset: number
}

/** The records of one page; `within` narrows the candidates (a parent's children). */
export function queryPage(state: RecordContext, description: CollectionDescription, query: Query, within?: Predicate): Page {
  const tests = predicates(state, description, query)
  if (within) tests.unshift(within)
  const matching = state.store.filter(description.name, (record) => tests.every((test) => test(record)))
  const orders = orderings(query)
  const alreadyInIdOrder = orders.length === 1 && orders[0][0] === 'id' && orders[0][1] === 1
  if (orders.length > 0 && !alreadyInIdOrder) {
    matching.sort((a, b) => {
      for (const [field, direction] of orders) {
        const order = field === 'id' ? compareValues(a.id, b.id) : compareValues(fieldValue(a, field), fieldValue(b, field))
        if (order !== 0) return order * direction
      }
      return compareValues(a.id, b.id)
    })
  }
  const {limit, offset} = pageWindow(query)
  return {records: matching.slice(offset, offset + limit), matching, limit, offset}
}

/** The list envelope: `{"contacts":[...],"meta":{"total":"N"}}` plus any `include=` siblings. */
export function listResponse(state: RecordContext, description: CollectionDescription, query: Query, within?: Predicate): Record<string, unknown> {
  const page = queryPage(state, description, query, within)
  const total = page.matching.length
  const meta = description.listMeta?.(page.matching, {query, limit: page.limit, offset: page.offset})
    ?? (description.modern ? {total, count: page.records.length, limit: page.limit, offset: page.offset} : {total: String(total)})
  return {...includes(state, description, page.records, first(query.include)), [state.collections.listKey(description)]: renderAll(state, description, page.records), meta}
}

/**
 * `include=contactTags,contactLists.list`: children of the given records (by their belongsTo
 * foreign key), and one dotted level further the records those children point at.
 */
export function includes(state: RecordContext, description: CollectionDescription, records: StoredRecord[], include: string | undefined): Record<string, unknown> {
  const sideloaded: Record<string, unknown> = {}
  const ids = new Set(records.map((record) => record.id))
  for (const path of (include ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [childName, field] = path.split('.')
    const child = state.collections.find(childName)
    const link = child?.belongsTo?.[description.name]
    if (!child || typeof link !== 'string') continue
    const children = state.store.filter(child.name, (record) => ids.has(String(record[link])))
    sideloaded[state.collections.listKey(child)] = renderAll(state, child, children)
    const target = field ? state.collections.bySingular(field) : undefined
    if (!target) continue
    const targetIds = new Set(children.map((record) => String(record[field])))
    const targets = [...targetIds].map((id) => state.store.get(target.name, id)).filter((record) => record !== undefined)
    sideloaded[state.collections.listKey(target)] = renderAll(state, target, targets)
  }
  return sideloaded
}
