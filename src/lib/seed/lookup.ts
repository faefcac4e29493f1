import type {ApiClient} from '../client/client.js'
import {listPages, listRecords, maxPageSize} from '../paging.js'
import {matchesKey} from '../once/keys.js'
import {findByKey} from '../once/settle.js'
import type {SeedResource} from './resources.js'

// Finding the records of a fixture again by their natural keys, in as few requests as the
// account allows. One level at a time:
// - a resource with several records in the level whose collection lists in a page or a few
//   (the account's tags, lists, pipelines...) is listed once and its records are found in
//   memory; when the first page's total says listing would cost more than a request per
//   record, what that page holds is still used and the rest go one request each;
// - records whose own look-up is the same request (a contact's tags, every custom field)
//   share one answer;
// - anything else is one request, as before.
// A level's listings are dropped when it ends: the next level looks again. Settling a create
// whose answer was lost (`live`) always asks the server, never what was listed before.

type Values = Record<string, unknown>

interface Listed {
  records: Values[]
  /** Every record that could match is among them: not found there is not found. */
  complete: boolean
}

/** Whether a listed record has the natural key of the fixture's record. */
export const matches = (resource: SeedResource, record: Values, body: Values): boolean => matchesKey(resource, record, body)

export class KeyFinder {
  /** Per resource, this level's listing of its records. */
  private groups = new Map<string, Promise<Listed>>()
  /** Look-up requests that several of this level's records would send: each is sent once, its answer shared. */
  private searches = new Map<string, Promise<Values[]> | undefined>()

  constructor(private readonly client: ApiClient) {}

  /** A new level, and the bodies of its records by resource: their listings start now. */
  startLevel(groups: Map<SeedResource, Values[]>): void {
    this.groups.clear()
    this.searches.clear()
    const seen = new Set<string>()
    for (const [resource, bodies] of groups) {
      for (const body of bodies) {
        const key = searchKey(resource, body)
        if (seen.has(key)) this.searches.set(key, undefined)
        seen.add(key)
      }

      const request = bodies.length >= 2 ? resource.list?.(bodies) : undefined
      if (!request) continue
      const listed = this.listGroup(resource, request, bodies)
      // Awaited by the level's records; a failure there must not also be an unhandled rejection.
      listed.catch(() => {})
      this.groups.set(resource.name, listed)
    }
  }

  /** The existing record with this natural key, if any: from this level's listing when it has one. */
  async find(resource: SeedResource, body: Values): Promise<Values | undefined> {
    const group = this.groups.get(resource.name)
    if (group) {
      const listed = await group
      const found = listed.records.find((record) => matches(resource, record, body))
      if (found || listed.complete) return found
    }

    const key = searchKey(resource, body)
    if (!this.searches.has(key)) return this.live(resource, body)
    let answer = this.searches.get(key)
    if (!answer) {
      const {path, query} = resource.search(body)
      answer = collect(listRecords(this.client, {path, query, all: true}))
      this.searches.set(key, answer)
      // A failed look-up is not kept: a retry of the record asks again.
      answer.catch(() => this.searches.set(key, undefined))
    }

    return (await answer).find((record) => matches(resource, record, body))
  }

  /** Asked of the server now, and no further than the first match (a create whose answer was lost may have made it since anything was listed). */
  live(resource: SeedResource, body: Values): Promise<Values | undefined> {
    return findByKey(this.client, resource, body)
  }

  /**
   * The first page tells the total: the rest is listed only when that takes fewer requests
   * than looking up, one by one, the records the first page did not hold.
   */
  private async listGroup(resource: SeedResource, request: {path: string; query?: Record<string, string>}, bodies: Values[]): Promise<Listed> {
    const records: Values[] = []
    let total: number | undefined
    let first = true
    for await (const page of listPages(this.client, {...request, all: true, onPage: (progress) => (total ??= progress.total)})) {
      records.push(...page.records)
      if (!first || page.records.length < maxPageSize || (total !== undefined && total <= records.length)) continue
      first = false
      // No total (an endpoint that gives none): as good as endless.
      const pagesLeft = total === undefined ? Number.POSITIVE_INFINITY : Math.ceil((total - records.length) / maxPageSize)
      const missing = bodies.filter((body) => !records.some((record) => matches(resource, record, body))).length
      if (pagesLeft >= missing) return {records, complete: false}
    }

    return {records, complete: true}
  }
}

function searchKey(resource: SeedResource, body: Values): string {
  const {path, query} = resource.search(body)
  return JSON.stringify([path, query])
}

async function collect(records: AsyncIterable<Values>): Promise<Values[]> {
  const all: Values[] = []
  for await (const record of records) all.push(record)
  return all
}
