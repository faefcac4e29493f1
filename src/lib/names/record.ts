import type {DataRecord} from '../output/cells.js'
import {renderWholeRecord, type WholeRecord} from '../output/record.js'
import {listRecords} from '../paging.js'
import {describe, type Section} from '../resources/index.js'
import {Namer, type NamesContext, nameField, namesIn, namesOfColumns, pointsAt, wantedBy} from './index.js'

// Whole records: what `get` shows on a terminal. The record comes with its relations
// sideloaded (the sections' `include=`); the names of what they point at come from the name
// cache, or one request per collection (src/lib/names/index.ts).

/** The `include=` a terminal `get` of `resource` adds, so its sections cost no request. */
export function wholeInclude(resource: string): string[] {
  return (describe(resource).sections ?? []).flatMap((section) => (section.include ? [section.include] : []))
}

/** Values that say nothing: empty, never set (`0000-00-00`), or a list of ids shown in a section. */
function isNoise(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true
  if (typeof value === 'object') return true
  return /^0000-00-00/.test(String(value))
}

/** Fields that repeat what the title says or that only machines read. */
const unshown = new Set(['id', 'links', 'hash', 'email_local', 'email_domain'])
const labels: Record<string, string> = {cdate: 'created', udate: 'updated', mdate: 'modified', edate: 'edited'}

/** `firstName` → `first name`, `bounced_date` → `bounced date`. */
function label(field: string): string {
  return labels[field] ?? field
    .replaceAll('_', ' ')
    .replaceAll(/([a-z\d])([A-Z])/g, '$1 $2')
    .toLowerCase()
}

function arrayAt(answer: unknown, key: string): DataRecord[] {
  const value = (answer as Record<string, unknown> | undefined)?.[key]
  return Array.isArray(value) ? (value as DataRecord[]) : []
}

/** The record, its fields named, and its sections, ready for output/record.ts. */
/** `get` on a terminal: the whole record, named, in sections. */
export async function printWholeRecord(context: NamesContext, resource: string, noun: string, record: DataRecord, answer: unknown): Promise<void> {
  process.stdout.write(renderWholeRecord(process.stdout, await wholeRecord(context, resource, record, answer, noun)))
}

export async function wholeRecord(context: NamesContext, resource: string, record: DataRecord, answer: unknown, noun: string): Promise<WholeRecord> {
  const description = describe(resource)
  const listed = await Promise.all((description.sections ?? []).map(async (section) => ({section, records: await sectionRecords(context, section, record, answer)})))
  const sections = listed.flatMap(({section, records}) => (records ? [{section, records}] : []))
  const namer = new Namer(context)
  // What came sideloaded (a contact's tags and lists) is named with no request.
  for (const key of Object.keys((answer ?? {}) as object)) {
    const sideloaded = arrayAt(answer, key)
    if (sideloaded.length > 0 && nameField(key)) namer.teach(key, namesIn(sideloaded, key))
  }

  const own = inColumnOrder(Object.keys(record).filter((field) => !unshown.has(field) && !isNoise(record[field])), description.tableColumns ?? description.columns ?? [])
  const wanted = wantedBy(resource, [record], own)
  for (const {section, records} of sections) {
    for (const [target, ids] of wantedBy(section.resource, records, section.columns)) {
      if (!wanted.has(target)) wanted.set(target, new Set())
      for (const id of ids) if (namer.name(target, id) === undefined) wanted.get(target)!.add(id)
    }
  }

  for (const [target, ids] of wanted) if ([...ids].every((id) => namer.name(target, id) !== undefined)) wanted.delete(target)
  await namer.learn(wanted)

  const title = titleOf(resource, record, noun)
  const ownNames = namesOfColumns(resource, namer, own, description.cells)
  const shown = Object.fromEntries(own.map((field) => [field, ownNames.cells[field](record[field], record)]))
  const fields: Array<[string, string]> = []
  for (const field of own) {
    // A bare `0` is the API's "none" (bounced_hard, deleted); a formatted one (a status word) says something.
    if (shown[field] === '0' && !description.cells?.[field] && !pointsAt(resource, field, record)) continue
    if (repeats(resource, record, field, shown, title)) continue
    const kind = field === 'relid' ? pointsAt(resource, field, record) : undefined
    const value = kind ? `${shown[field]} (${describe(kind).lookup?.noun ?? kind})` : shown[field]
    fields.push([ownNames.headers[field] ?? label(field), value])
  }

  return {
    title,
    subtitle: `${nouns[resource] ?? noun} ${String(record.id)}`,
    fields,
    sections: sections.map(({section, records}) => {
      const names = namesOfColumns(section.resource, namer, section.columns, describe(section.resource).cells)
      return {title: section.title, rows: records.map((item) => section.columns.map((column) => shownValue(names.cells[column], item, column)))}
    }),
  }
}

/** What people call a record whose API name reads badly (`dealTask`). */
const nouns: Record<string, string> = {dealTasks: 'task'}

/** The resource's own terminal columns first, in their order (the same for every record), then the rest as the API gives them. */
function inColumnOrder(fields: string[], columns: string[]): string[] {
  const rank = (field: string) => (columns.includes(field) ? columns.indexOf(field) : columns.length + fields.indexOf(field))
  return [...fields].sort((a, b) => rank(a) - rank(b))
}

/** The title line: the record's name; a note's or a task's first line of text; else what it is. */
function titleOf(resource: string, record: DataRecord, noun: string): string {
  const titleField = nameField(resource)
  const fullName = [record.firstName, record.lastName].filter(Boolean).join(' ')
  const named = titleField ? String(record[titleField] ?? '') : String(record.name ?? record.title ?? '')
  const text = typeof record.note === 'string' ? (record.note.split(/\r?\n/).find((line) => line.trim()) ?? '').trim() : ''
  return fullName && named ? `${fullName} <${named}>` : fullName || named || text || `${nouns[resource] ?? noun} ${String(record.id)}`
}

/** A field that says again what another line already says: the title, a deal's currency beside its value, a note's kind of owner beside it. */
function repeats(resource: string, record: DataRecord, field: string, shown: Record<string, string>, title: string): boolean {
  if (shown[field] === title) return true
  if (field === 'currency' && typeof shown.value === 'string' && shown.value.toUpperCase().endsWith(` ${shown.currency.toUpperCase()}`)) return true
  return field === 'reltype' && pointsAt(resource, 'relid', record) !== undefined
}

/** A section's records: sideloaded with the record, or from its one list request; in their own order. */
async function sectionRecords(context: NamesContext, section: Section, record: DataRecord, answer: unknown): Promise<DataRecord[] | undefined> {
  let records = arrayAt(answer, section.key)
  if (records.length === 0 && section.list && !(section.key in ((answer ?? {}) as object))) {
    const {path, query} = section.list(String(record.id))
    records = []
    try {
      for await (const item of listRecords(context.client, {path, query, responseKey: section.key, limit: 100})) records.push(item)
    } catch (error) {
      // The record itself came: a section the API refuses is left out, not shown as empty.
      context.trace(`${section.title} not listed: ${(error as Error).message}`)
      return undefined
    }
  }

  const by = section.orderBy
  return by ? [...records].sort((a, b) => Number(a[by]) - Number(b[by])) : records
}

function shownValue(format: (value: unknown, record: DataRecord) => string, record: DataRecord, column: string): string {
  const value = record[column]
  return value === null || value === undefined || value === '' ? '' : format(value, record)
}
