import type {DataRecord} from '../output/cells.js'
import {renderWholeRecord, type WholeRecord} from '../output/record.js'
import {describe} from '../resources/index.js'
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
  const sections = (description.sections ?? []).map((section) => ({section, records: arrayAt(answer, section.key)}))
  const namer = new Namer(context)
  // What came sideloaded (a contact's tags and lists) is named with no request.
  for (const key of Object.keys((answer ?? {}) as object)) {
    const sideloaded = arrayAt(answer, key)
    if (sideloaded.length > 0 && nameField(key)) namer.teach(key, namesIn(sideloaded, key))
  }

  const own = Object.keys(record).filter((field) => !unshown.has(field) && !isNoise(record[field]))
  const wanted = wantedBy(resource, [record], own)
  for (const {section, records} of sections) {
    for (const [target, ids] of wantedBy(section.resource, records, section.columns)) {
      if (!wanted.has(target)) wanted.set(target, new Set())
      for (const id of ids) if (namer.name(target, id) === undefined) wanted.get(target)!.add(id)
    }
  }

  for (const [target, ids] of wanted) if ([...ids].every((id) => namer.name(target, id) !== undefined)) wanted.delete(target)
  await namer.learn(wanted)

  const ownNames = namesOfColumns(resource, namer, own, description.cells)
  const fields: Array<[string, string]> = []
  for (const field of own) {
    const value = record[field]
    const shown = ownNames.cells[field](value, record)
    // A bare `0` is the API's "none" (bounced_hard, deleted); a formatted one (a status word) says something.
    if (shown === '0' && !description.cells?.[field] && !pointsAt(resource, field, record)) continue
    fields.push([ownNames.headers[field] ?? label(field), shown])
  }

  const titleField = nameField(resource)
  const fullName = [record.firstName, record.lastName].filter(Boolean).join(' ')
  const named = titleField ? String(record[titleField] ?? '') : String(record.name ?? record.title ?? '')
  const title = fullName && named ? `${fullName} <${named}>` : fullName || named || `${noun} ${String(record.id)}`
  return {
    title,
    subtitle: `${noun} ${String(record.id)}`,
    fields,
    sections: sections.map(({section, records}) => {
      const names = namesOfColumns(section.resource, namer, section.columns, describe(section.resource).cells)
      return {title: section.title, rows: records.map((item) => section.columns.map((column) => shownValue(names.cells[column], item, column)))}
    }),
  }
}

function shownValue(format: (value: unknown, record: DataRecord) => string, record: DataRecord, column: string): string {
  const value = record[column]
  return value === null || value === undefined || value === '' ? '' : format(value, record)
}
