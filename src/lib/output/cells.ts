// How one record becomes cells: column choice and value rendering, shared by table, TSV and CSV.

export type DataRecord = Record<string, unknown>

const maxInferredColumns = 6
const noisyFields = new Set(['links', 'cdate', 'udate', 'created_timestamp', 'updated_timestamp'])

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/** `--columns` when given, else the resource's defaults, else `id` and the first scalar fields of the first record. */
export function chooseColumns(first: DataRecord | undefined, requested?: string[], defaults?: string[]): string[] {
  if (requested?.length) return requested
  if (defaults?.length) return defaults
  if (!first) return ['id']
  const scalar = Object.keys(first).filter((key) => isScalar(first[key]) && !noisyFields.has(key))
  const ordered = scalar.includes('id') ? ['id', ...scalar.filter((key) => key !== 'id')] : scalar
  return ordered.slice(0, maxInferredColumns)
}

/** Every scalar field, for showing one record whole. */
export function allScalarColumns(record: DataRecord): string[] {
  const keys = Object.keys(record).filter((key) => isScalar(record[key]) || (typeof record[key] === 'object' && key !== 'links'))
  return keys.includes('id') ? ['id', ...keys.filter((key) => key !== 'id')] : keys
}

/** `a.b` reaches into nested objects. */
export function pick(record: DataRecord, column: string): unknown {
  if (column in record) return record[column]
  let value: unknown = record
  for (const part of column.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as DataRecord)[part]
  }

  return value
}

/** How a table shows one column of a resource's records (a deal's `value` in cents as money); JSON keeps the API's value. */
export type CellFormat = (value: unknown, record: DataRecord) => string

/** A cell as a person reads it in a table or TSV: the resource's own format for the column, if any. */
export function shownCell(record: DataRecord, column: string, formats?: Record<string, CellFormat>): string {
  const value = pick(record, column)
  const format = formats?.[column]
  return format && value !== null && value !== undefined && value !== '' ? format(value, record) : cellText(value)
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The record with `id` first: the API writes it last, people look for it first. */
export function idFirst<T>(record: T): T {
  if (record === null || typeof record !== 'object' || Array.isArray(record) || !('id' in record)) return record
  const {id, ...rest} = record as DataRecord
  return {id, ...rest} as T
}
