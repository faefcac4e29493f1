// What a collection of the sandbox's store is: one small declarative description each
// (collections.ts lists them). The generic routes, validation, paging and rendering are
// all driven by these fields, so adding a resource is adding a description.

import type {Store, StoredRecord, TableDescription, UniqueRule} from './store.js'

export type Query = Record<string, string | string[]>

/**
 * Where a record hangs below a parent (`/contacts/{id}/contactTags`): the foreign-key field,
 * or for polymorphic children (notes) the fields to match, `{id}` standing for the parent id.
 */
export type ParentLink = string | Record<string, string>

export interface NestedWrite {
  /** The collection the items are upserted into. */
  collection: string
  /** Its field that points back at the written record. */
  foreignKey: string
  /** The item field that identifies the item within the parent (one value per field). */
  key: string
}

export interface CollectionDescription extends TableDescription {
  /** The list envelope key and, unless `path` says otherwise, the path segment. */
  name: string
  /** The list envelope key when it is not `name` (`schemas` for customObjectSchemas). */
  plural?: string
  /** The single-record envelope key. */
  singular: string
  /** The model name the API leaks in its 404 messages (`Subscriber` for contacts). */
  model: string
  /** Path below /api/3 when it is not `/name` (`customObjects/schemas`). */
  path?: string
  /** Other path segments that reach the same records (`taskOutccomes`, `orderProducts`). */
  aliases?: string[]
  /** Newer-style resource: UUID ids, numbers kept as sent, numeric meta.total, no links. */
  modern?: boolean
  required?: string[]
  unique?: UniqueRule[]
  defaults?: Record<string, unknown>
  /** Parent collection → how a record belongs to it. Drives sub-collection GETs. */
  belongsTo?: Record<string, ParentLink>
  /** The records die with their parents (link records such as contactTags). */
  cascade?: boolean
  /** Field → collection whose record must exist. */
  references?: Record<string, string>
  /** 404 (`Contact not found`) instead of 422 related_missing for a missing reference. */
  missingReferenceStatus?: 404 | 422
  /** Create answers the existing record for the same values of these fields. */
  upsertOn?: string[]
  /** With upsertOn: whether a repeated create changes the existing record. */
  upsertUpdates?: boolean
  /** Item arrays in the body written to another collection (`fieldValues` of a contact). */
  nested?: Record<string, NestedWrite>
  /** Parent records echoed beside the created one (`contacts` beside a contactList). */
  echoReferences?: string[]
  /** Sibling collections sideloaded on GET of one record. */
  sideloads?: string[]
  /** Names of the record's `links` (absolute URLs below the record). */
  links?: string[]
  createStatus?: 200 | 201
  /** Fields the `search` parameter looks in; default every string field. */
  searchFields?: string[]
  /** A second field the `{id}` path segment may name (`name` for eventTrackingEvents). */
  lookupField?: string
  /** Reached only through special handlers (custom-object records), not the generic routes. */
  noGenericRoutes?: boolean
  /** Pre-filled from the documented response example of `GET /path` (read-only resources). */
  fixtures?: boolean
  /** Checks a record about to be written; throws ApiError. `input` is what the body gave. */
  validate?: (record: StoredRecord, input: Record<string, unknown>, state: RecordContext) => void
  /** Fills derived fields (a list's stringid) on the record about to be written. */
  derive?: (record: StoredRecord, state: RecordContext) => void
  /** Extra list filters from the query (`tagid` on contacts); undefined when none apply. */
  queryFilter?: (query: Query, state: RecordContext) => ((record: StoredRecord) => boolean) | undefined
  /** Replaces the default `{total}` list meta (deals' currencies, contacts' page_input). */
  listMeta?: (matching: StoredRecord[], page: {query: Query; limit: number; offset: number}) => Record<string, unknown>
  /** Query filter names that stand for a record field (`filters[d_groupid]` is a stage's `group`). */
  filterFields?: Record<string, string>
  /** Fields worked out when a record is read (a tag's `subscriber_count`, a pipeline's `stages`). */
  computed?: (record: StoredRecord, state: RecordContext) => Record<string, unknown>
  /** What `GET /name/{id}` adds: fields of the record (a contact's related ids) and sibling keys. */
  detail?: (record: StoredRecord, state: RecordContext) => {fields?: Record<string, unknown>; siblings?: Record<string, unknown>}
}

/**
 * What record operations, list queries and a description's hooks may touch. The server's
 * SandboxState is one; declaring the narrow shape here keeps this layer from importing the
 * state, which holds the import queue and so reaches up into the handlers.
 */
export interface RecordContext {
  store: Store
  collections: CollectionRegistry
  /** `http://127.0.0.1:PORT/api/3`, for the absolute URLs in `links`. */
  baseUrl: string
}

export class CollectionRegistry {
  private readonly byName = new Map<string, CollectionDescription>()

  constructor(readonly all: readonly CollectionDescription[]) {
    for (const description of all) this.byName.set(description.name, description)
  }

  get(name: string): CollectionDescription {
    const description = this.byName.get(name)
    if (!description) throw new Error(`sandbox: no collection named ${name}`)
    return description
  }

  find(name: string): CollectionDescription | undefined {
    return this.byName.get(name)
  }

  /** Collections that name `parent` in their belongsTo. */
  childrenOf(parent: string): CollectionDescription[] {
    return this.all.filter((description) => description.belongsTo?.[parent] !== undefined)
  }

  /** The collection whose singular is `singular` (`tag` → tags), for dotted includes. */
  bySingular(singular: string): CollectionDescription | undefined {
    return this.all.find((description) => description.singular === singular)
  }

  listKey(description: CollectionDescription): string {
    return description.plural ?? description.name
  }

  pathOf(description: CollectionDescription): string {
    return description.path ?? description.name
  }

  /** Every path segment that reaches the collection. */
  pathsOf(description: CollectionDescription): string[] {
    return [this.pathOf(description), ...(description.aliases ?? [])]
  }
}
