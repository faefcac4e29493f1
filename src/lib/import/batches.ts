import type {CheckedRow, ImportContact} from './validate.js'

// The importer takes at most 250 contacts and fewer than 400 KB a request (API-FACTS), and
// refuses a request past either whole. Batches are cut by count and by the exact bytes of
// the JSON body got will send, so no request is ever refused for its size.

export const maxBatchContacts = 250
export const maxBatchBytes = 400 * 1024

export interface Entry {
  /** The row's place in the input, for results. */
  index: number
  checked: CheckedRow
  contact: ImportContact
  bytes: number
}

export interface Batch {
  entries: Entry[]
  bytes: number
}

export interface BodyOptions {
  excludeAutomations?: boolean
}

export function requestBody(contacts: ImportContact[], options: BodyOptions): Record<string, unknown> {
  return options.excludeAutomations ? {contacts, exclude_automations: true} : {contacts}
}

/** Bytes of the body around its contacts: `{"contacts":[]}` and any options. */
export function envelopeBytes(options: BodyOptions): number {
  return Buffer.byteLength(JSON.stringify(requestBody([], options)))
}

/** The body's bytes for these entries: the envelope, each contact, the commas between them. */
export function bodyBytes(entries: Entry[], options: BodyOptions): number {
  return envelopeBytes(options) + entries.reduce((sum, entry) => sum + entry.bytes, 0) + Math.max(0, entries.length - 1)
}

export function entryOf(index: number, checked: CheckedRow, contact: ImportContact): Entry {
  return {index, checked, contact, bytes: Buffer.byteLength(JSON.stringify(contact))}
}

/** Whether one contact alone is too big for any request. */
export function tooBig(entry: Entry, options: BodyOptions): boolean {
  return envelopeBytes(options) + entry.bytes >= maxBatchBytes
}

export function planBatches(entries: Entry[], options: BodyOptions): Batch[] {
  const batches: Batch[] = []
  const envelope = envelopeBytes(options)
  let current: Batch = {entries: [], bytes: envelope}
  for (const entry of entries) {
    const added = current.bytes + entry.bytes + (current.entries.length > 0 ? 1 : 0)
    if (current.entries.length > 0 && (current.entries.length >= maxBatchContacts || added >= maxBatchBytes)) {
      batches.push(current)
      current = {entries: [], bytes: envelope}
    }

    current.bytes += entry.bytes + (current.entries.length > 0 ? 1 : 0)
    current.entries.push(entry)
  }

  if (current.entries.length > 0) batches.push(current)
  return batches
}
