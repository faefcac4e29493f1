// The in-memory store: one table per collection, records in id order, unique indexes so
// that an upsert by email stays O(1) when tests seed thousands of contacts.

import {randomUUID} from 'node:crypto'

export type StoredRecord = {id: string; [field: string]: unknown}

export interface UniqueRule {
  fields: string[]
  caseInsensitive?: boolean
  /** The 422 title when a second record would take the same values. */
  title: string
  /** The whole 422 `errors` array instead, for resources with their own error shape (custom objects). */
  errors?: unknown[]
}

/**
 * What the store reads of a collection description: its table's name, id style and indexes.
 * Declared here, not imported from collection.ts, so that the store stays the bottom layer.
 */
export interface TableDescription {
  name: string
  /** UUID ids instead of sequential ones. */
  modern?: boolean
  unique?: UniqueRule[]
  upsertOn?: string[]
}

export interface TableSnapshot {
  nextId: number
  rows: StoredRecord[]
}

export type StoreSnapshot = Record<string, TableSnapshot>

function uniqueKey(rule: UniqueRule, record: Record<string, unknown>): string | undefined {
  const parts = rule.fields.map((field) => {
    const value = record[field]
    if (value === undefined || value === null) return ''
    const text = String(value)
    return rule.caseInsensitive ? text.toLowerCase() : text
  })
  return parts.every((part) => part === '') ? undefined : parts.join('\u0000')
}

function compareIds(a: string, b: string): number {
  const numericA = Number(a)
  const numericB = Number(b)
  if (Number.isInteger(numericA) && Number.isInteger(numericB)) return numericA - numericB
  return a < b ? -1 : a > b ? 1 : 0
}

class Table {
  nextId = 1
  rows = new Map<string, StoredRecord>()
  /** Set when an id arrived out of order (seeded or loaded ids); rows are re-sorted lazily. */
  private unordered = false
  private readonly indexes: Map<string, string>[]
  /** By the collection's upsertOn fields: an import writing thousands of links stays linear. */
  private readonly upsertIndex = new Map<string, string>()

  constructor(readonly description: TableDescription) {
    this.indexes = (description.unique ?? []).map(() => new Map())
  }

  newId(): string {
    if (this.description.modern) return randomUUID()
    return String(this.nextId++)
  }

  conflict(record: Record<string, unknown>, exceptId?: string): UniqueRule | undefined {
    const rules = this.description.unique ?? []
    return rules.find((rule, index) => {
      const key = uniqueKey(rule, record)
      const owner = key === undefined ? undefined : this.indexes[index].get(key)
      return owner !== undefined && owner !== exceptId
    })
  }

  upsertKey(values: Record<string, unknown>): string | undefined {
    return this.description.upsertOn?.map((field) => String(values[field])).join('\u0000')
  }

  findByUpsert(values: Record<string, unknown>): StoredRecord | undefined {
    const key = this.upsertKey(values)
    const id = key === undefined ? undefined : this.upsertIndex.get(key)
    return id === undefined ? undefined : this.rows.get(id)
  }

  findByUnique(ruleIndex: number, values: Record<string, unknown>): StoredRecord | undefined {
    const rule = this.description.unique?.[ruleIndex]
    const key = rule && uniqueKey(rule, values)
    const id = key === undefined ? undefined : this.indexes[ruleIndex].get(key)
    return id === undefined ? undefined : this.rows.get(id)
  }

  put(record: StoredRecord): void {
    const previous = this.rows.get(record.id)
    if (previous) this.unindex(previous)
    else {
      const last = this.lastId
      if (last !== undefined && compareIds(record.id, last) < 0) this.unordered = true
      this.lastId = record.id
      const numeric = Number(record.id)
      if (Number.isInteger(numeric) && numeric >= this.nextId) this.nextId = numeric + 1
    }
    this.rows.set(record.id, record)
    this.index(record)
  }

  delete(id: string): StoredRecord | undefined {
    const record = this.rows.get(id)
    if (!record) return undefined
    this.unindex(record)
    this.rows.delete(id)
    return record
  }

  ordered(): IterableIterator<StoredRecord> {
    if (this.unordered) {
      const sorted = [...this.rows.values()].sort((a, b) => compareIds(a.id, b.id))
      this.rows = new Map(sorted.map((record) => [record.id, record]))
      this.unordered = false
    }
    return this.rows.values()
  }

  private lastId: string | undefined

  private index(record: StoredRecord): void {
    const upsert = this.upsertKey(record)
    if (upsert !== undefined && !this.upsertIndex.has(upsert)) this.upsertIndex.set(upsert, record.id)
    this.description.unique?.forEach((rule, index) => {
      const key = uniqueKey(rule, record)
      if (key !== undefined) this.indexes[index].set(key, record.id)
    })
  }

  private unindex(record: StoredRecord): void {
    const upsert = this.upsertKey(record)
    if (upsert !== undefined && this.upsertIndex.get(upsert) === record.id) this.upsertIndex.delete(upsert)
    this.description.unique?.forEach((rule, index) => {
      const key = uniqueKey(rule, record)
      if (key !== undefined && this.indexes[index].get(key) === record.id) this.indexes[index].delete(key)
    })
  }
}

export class Store {
  private tables = new Map<string, Table>()

  constructor(private readonly descriptions: readonly TableDescription[]) {
    this.clear()
  }

  clear(): void {
    this.tables = new Map(this.descriptions.map((description) => [description.name, new Table(description)]))
  }

  private table(name: string): Table {
    const table = this.tables.get(name)
    if (!table) throw new Error(`sandbox: no collection named ${name}`)
    return table
  }

  newId(collection: string): string {
    return this.table(collection).newId()
  }

  get(collection: string, id: string): StoredRecord | undefined {
    return this.table(collection).rows.get(id)
  }

  /** Every record, in id order for sequential ids (insertion order for UUIDs). */
  all(collection: string): IterableIterator<StoredRecord> {
    return this.table(collection).ordered()
  }

  count(collection: string): number {
    return this.table(collection).rows.size
  }

  find(collection: string, predicate: (record: StoredRecord) => boolean): StoredRecord | undefined {
    for (const record of this.all(collection)) if (predicate(record)) return record
    return undefined
  }

  filter(collection: string, predicate: (record: StoredRecord) => boolean): StoredRecord[] {
    const matching: StoredRecord[] = []
    for (const record of this.all(collection)) if (predicate(record)) matching.push(record)
    return matching
  }

  /** The unique rule another record already holds for these values, if any. */
  conflict(collection: string, record: Record<string, unknown>, exceptId?: string): UniqueRule | undefined {
    return this.table(collection).conflict(record, exceptId)
  }

  /** The record with these upsertOn values (the first written, as a scan in id order would find). */
  findByUpsert(collection: string, values: Record<string, unknown>): StoredRecord | undefined {
    return this.table(collection).findByUpsert(values)
  }

  findByUnique(collection: string, ruleIndex: number, values: Record<string, unknown>): StoredRecord | undefined {
    return this.table(collection).findByUnique(ruleIndex, values)
  }

  /** Inserts or replaces the whole record (callers validate first). */
  put(collection: string, record: StoredRecord): StoredRecord {
    this.table(collection).put(record)
    return record
  }

  delete(collection: string, id: string): StoredRecord | undefined {
    return this.table(collection).delete(id)
  }

  snapshot(): StoreSnapshot {
    const snapshot: StoreSnapshot = {}
    for (const [name, table] of this.tables) snapshot[name] = {nextId: table.nextId, rows: [...table.ordered()]}
    return snapshot
  }

  restore(snapshot: StoreSnapshot): void {
    this.clear()
    for (const [name, saved] of Object.entries(snapshot)) {
      const table = this.tables.get(name)
      if (!table) continue
      for (const record of saved.rows) table.put(record)
      table.nextId = Math.max(table.nextId, saved.nextId)
    }
  }
}
