import type {ApiClient} from '../client/client.js'
import {listSink, type DataRecord, type OutputFormat} from '../output/index.js'
import {progress} from '../output/progress.js'
import {listPages, listRecords} from '../paging.js'
import {openAtomic} from '../files.js'
import {onInterrupt, sameCommand} from '../interrupt.js'
import {fieldDefinitions} from './fields.js'

// `ac contacts export`: every contact, page by page, each page asked with `include=` for
// the field values, tags and lists it needs, so memory stays flat at any size and no
// contact costs a request of its own. Records are flat and keyed as `contacts import`
// reads them: an export re-imports as it is.

export interface ExportOptions {
  format: OutputFormat
  columns?: string[]
  withFields?: boolean
  withTags?: boolean
  withLists?: boolean
  tag?: string
  list?: string
  outputFile?: string
  quiet?: boolean
}

const baseColumns = ['id', 'email', 'firstName', 'lastName', 'phone', 'orgname']

interface Sideloads {
  fieldValues?: Array<{contact?: unknown; field?: unknown; value?: unknown}>
  contactTags?: Array<{contact?: unknown; tag?: unknown}>
  contactLists?: Array<{contact?: unknown; list?: unknown; status?: unknown}>
}

async function namesById(client: ApiClient, path: string, key: string, nameField: string): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for await (const record of listRecords(client, {path, responseKey: key, all: true})) names.set(String(record.id), String(record[nameField] ?? ''))
  return names
}

/** Groups a page's sideloaded links by contact: contact id → values. */
function byContact<T>(items: T[] | undefined, contactOf: (item: T) => unknown, valueOf: (item: T) => string | undefined): Map<string, string[]> {
  const grouped = new Map<string, string[]>()
  for (const item of items ?? []) {
    const value = valueOf(item)
    if (value === undefined) continue
    const contact = String(contactOf(item))
    grouped.set(contact, [...(grouped.get(contact) ?? []), value])
  }

  return grouped
}

export async function runExport(client: ApiClient, options: ExportOptions): Promise<number> {
  const {resolveId} = await import('../lookup.js')
  const query: Record<string, string> = {}
  if (options.tag) query.tagid = await resolveId(client, 'tags', options.tag)
  if (options.list) query.listid = await resolveId(client, 'lists', options.list)
  const include = [options.withFields && 'fieldValues', options.withTags && 'contactTags', options.withLists && 'contactLists'].filter(Boolean)
  if (include.length > 0) query.include = include.join(',')

  const fields = options.withFields ? await fieldDefinitions(client) : []
  const titles = new Map<string, string>()
  for (const field of fields) titles.set(field.id, [...titles.values()].includes(field.title) || !field.title ? `field:${field.id}` : field.title)
  const tagNames = options.withTags ? await namesById(client, '/tags', 'tags', 'tag') : new Map<string, string>()
  const listNames = options.withLists ? await namesById(client, '/lists', 'lists', 'name') : new Map<string, string>()
  const columns = options.columns?.length
    ? options.columns
    : [...baseColumns, ...titles.values(), ...(options.withTags ? ['tags'] : []), ...(options.withLists ? ['lists'] : [])]
  const joined = options.format === 'csv' || options.format === 'table'
  const many = (values: string[]) => (joined ? values.join('|') : values)

  const file = options.outputFile ? await openAtomic(options.outputFile) : undefined
  const sink = listSink({format: options.format, columns, stream: file?.stream})
  const bar = progress('Exporting', {quiet: options.quiet, stdoutBuffered: Boolean(file)})
  let count = 0
  // Ctrl-C: an --output-file is not half written (its target stays as it was); stdout keeps whole lines (the list says so).
  const offInterrupt = file ? onInterrupt(() => {
    bar.done()
    file.abort()
    return `Export stopped after ${count} contacts; ${options.outputFile} was not written (left as it was). Run it again: ${sameCommand()}`
  }) : undefined
  try {
    const pages = listPages(client, {path: '/contacts', responseKey: 'contacts', query, all: true, byIdGreater: true, onPage: ({fetched, total}) => bar.update(fetched, total)})
    for await (const {records, body} of pages) {
      const sideloads = (body ?? {}) as Sideloads
      const values = new Map<string, Map<string, string>>()
      for (const item of sideloads.fieldValues ?? []) {
        const title = titles.get(String(item.field))
        if (!title) continue
        const contact = String(item.contact)
        if (!values.has(contact)) values.set(contact, new Map())
        values.get(contact)!.set(title, String(item.value ?? ''))
      }

      const tags = byContact(sideloads.contactTags, (link) => link.contact, (link) => tagNames.get(String(link.tag)))
      // Only live subscriptions: an unsubscribed list re-imported would subscribe again.
      const lists = byContact(sideloads.contactLists, (link) => link.contact, (link) => (String(link.status) === '1' ? listNames.get(String(link.list)) : undefined))
      for (const contact of records) {
        const id = String(contact.id)
        const full: DataRecord = {...contact}
        for (const title of titles.values()) full[title] = values.get(id)?.get(title) ?? ''
        if (options.withTags) full.tags = many(tags.get(id) ?? [])
        if (options.withLists) full.lists = many(lists.get(id) ?? [])
        await sink.add(Object.fromEntries(columns.map((column) => [column, full[column] ?? ''])))
        count++
      }
    }

    await sink.end()
    await file?.commit()
  } catch (error) {
    file?.abort()
    throw error
  } finally {
    offInterrupt?.()
    bar.done()
  }

  return count
}
