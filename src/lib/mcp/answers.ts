import type {ApiClient, Query} from '../client/client.js'
import {AcError, usageError} from '../errors.js'
import type {DataRecord} from '../output/cells.js'
import {listRecords} from '../paging.js'
import {defaultPageSize, largestPage} from './schema.js'

// What a tool answers: records (never the API's envelope), a page at a time with a cursor
// for the next, small enough for an agent's context. Errors are the line a person sees.

/** About 6,000 tokens: an answer past this is trimmed, saying how to get the rest. */
export const maxAnswerChars = 24_000

export interface Page {
  records: DataRecord[]
  /** Records in the whole list, when the API says. */
  total?: number
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string
  note?: string
}

export interface PageRequest {
  path: string
  query?: Query
  responseKey?: string
  limit?: number
  cursor?: string
}

/** The cursor is the offset of the next record: plain, so that an agent can also skip ahead. */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0
  if (!/^\d+$/.test(cursor)) throw usageError(`cursor "${cursor}" is not one this server gave`, 'Pass the nextCursor of the previous answer, or leave it out for the first page')
  return Number(cursor)
}

/** Where each page starts, kept out of its JSON: trimming a page needs it for the cursor. */
const starts = new WeakMap<Page, number>()

export async function pageOf(client: ApiClient, request: PageRequest, fields?: string[]): Promise<Page> {
  const offset = offsetOf(request.cursor)
  const limit = Math.min(largestPage, Math.max(1, request.limit ?? defaultPageSize))
  let total: number | undefined
  const records: DataRecord[] = []
  const pages = listRecords(client, {path: request.path, query: request.query, responseKey: request.responseKey, limit, offset, onPage: (seen) => (total = seen.total)})
  for await (const record of pages) records.push(fields ? pick(record, fields) : record)
  const next = offset + records.length
  const more = records.length === limit && (total === undefined || next < total)
  const page: Page = {records, ...(total === undefined ? {} : {total}), ...(more ? {nextCursor: String(next)} : {})}
  starts.set(page, offset)
  return page
}

/** The fields a list shows by default: an agent asks for one record when it wants all of it. */
export function pick(record: DataRecord, fields: string[]): DataRecord {
  return Object.fromEntries(fields.filter((field) => record[field] !== undefined).map((field) => [field, record[field]]))
}

function isPage(value: unknown): value is Page {
  return typeof value === 'object' && value !== null && Array.isArray((value as Page).records)
}

/** The text of an answer, trimmed to fit: a page loses records from its end and points at them. */
export function answerText(value: unknown): string {
  const text = JSON.stringify(value ?? null)
  if (text.length <= maxAnswerChars) return text
  if (isPage(value) && value.records.length > 1) {
    const cursorStart = starts.get(value)
    let kept = value.records.length
    let trimmed: Page
    do {
      kept = Math.max(1, Math.floor(kept * 0.75))
      const next = cursorStart === undefined ? undefined : String(cursorStart + kept)
      trimmed = {
        ...value,
        records: value.records.slice(0, kept),
        ...(next === undefined ? {} : {nextCursor: next}),
        note: `Trimmed to ${kept} of ${value.records.length} records to keep the answer small${next === undefined ? '; ask for fewer with limit, or narrow the search' : `: call again with cursor "${next}" for the rest`}`,
      }
    } while (kept > 1 && JSON.stringify(trimmed).length > maxAnswerChars)
    const fitted = JSON.stringify(trimmed)
    if (fitted.length <= maxAnswerChars) return fitted
  }

  return `${text.slice(0, maxAnswerChars)}\n[Trimmed at ${maxAnswerChars} of ${text.length} characters: ask for less (a smaller limit, a filter, or one record)]`
}

/** The one line a person would see after `Error: `; anything not an AcError is a fault of ac itself. */
export function errorText(error: unknown): string {
  if (error instanceof AcError) return error.line
  return `Internal error in ac mcp: ${(error as Error)?.message ?? String(error)}`
}
