// The shape of a resource description (index.ts holds the descriptions themselves).

export interface CustomFieldStyle {
  /** The body key holding custom values: contacts `fieldValues`, deals and accounts `fields`. */
  key: string
  idKey: string
  valueKey: string
  /** The resource whose records are the field definitions (for names in `--field Birthday=...`). */
  definitions: string
}

export interface NameLookup {
  /** The list to search. */
  path: string
  /** The record field that holds the name, compared case-insensitively. */
  field: string
  /** Narrow the list on the server before matching exactly here. */
  query?: (name: string) => Record<string, string>
  /** What a user calls one of them, for messages. */
  noun: string
  /**
   * A sibling body field that narrows the search: a stage is looked up within the deal's
   * pipeline (`group`), since every pipeline has its own "Qualified".
   */
  within?: string
  /** What users call a field pointing here, when the API says otherwise (`--pipeline` for `group`). */
  flagAlias?: string
  /** Another field that names a record as well (a user's email beside the username). */
  alsoField?: string
  /** Among several records of one name, the one with these values wins (a contact tag over a template tag). */
  prefer?: Record<string, string>
}

/** Records linked to one of this resource by a link collection: a contact's tags through its contactTags. */
export interface Relation {
  /** The link collection under the record (`/contacts/{id}/contactTags`). */
  links: string
  /** The link's field naming the linked record (`tag`), also its `include=` name. */
  field: string
  /** The linked resource, named by its lookup field (`tags`). */
  to: string
  /** Links that count: a list the contact is subscribed to (status 1), not one it left. */
  keep?: (link: Record<string, unknown>) => boolean
}

/** A relation shown under a record that `get` shows whole on a terminal: a contact's tags, a section each. */
export interface Section {
  title: string
  /** The answer's key holding the related records (`contactTags`), sideloaded with the record. */
  key: string
  /** Their resource, whose references name their columns (`tag` in a contactTag → its name). */
  resource: string
  /** What the GET asks for (`contactTags.tag`) when the API does not sideload them anyway. */
  include?: string
  columns: string[]
  /** When the answer does not carry them: the one list request that does (a pipeline's stages). */
  list?: (id: string) => {path: string; query: Record<string, string>}
  /** The field that orders them (a stage's `order`), when the API's order is not theirs. */
  orderBy?: string
}

export interface ResourceDescription {
  /** `get` on a terminal: the record's own fields, then these sections. */
  sections?: Section[]
  /** `get --with tags,lists`: relations shown by name beside the record. */
  relations?: Record<string, Relation>
  /** What piped TSV and csv show by default: scripts cut these by position, so they do not move. */
  columns?: string[]
  /**
   * What a table on a terminal shows by default, when it differs from `columns`: names make
   * more columns worth reading there (a deal's contact and pipeline), and money carries its currency.
   */
  tableColumns?: string[]
  /** How a table on a terminal shows some columns (money, status words); piped TSV and JSON keep the API's values. */
  cells?: Record<string, (value: unknown, record: Record<string, unknown>) => string>
  lookup?: NameLookup
  customFields?: CustomFieldStyle
  /** Fields a create may leave out because they follow from others (a list's `stringid` from its name). */
  derive?: (record: Record<string, unknown>) => Record<string, unknown>
  /** A field a create needs unless another is given (a contact's email, unless allowNullEmail). */
  createNeeds?: {field: string; unless: string}
  /** Page with `orders[id]=ASC` + `id_greater` (fast at any depth; contacts only). */
  pagesByIdGreater?: boolean
  /** Words accepted (and shown) for fields the API numbers: a deal's `status` open/won/lost. Keyed by field or filter name. */
  words?: Record<string, Record<string, number>>
  /** Plain flags of the list that set its filters (`--pipeline Sales` → `filters[group]`); names and words work in them. */
  listFlags?: Record<string, {parameter: string; description: string}>
  /** Flags of a bulk delete that select its records by the list's query parameters (`--tag VIP` → `tagid`). */
  selectBy?: Record<string, {parameter: string; description: string}>
  /**
   * Few records (tags, stages, users...): a terminal table names them from a cached copy of the
   * whole collection (src/lib/names). Others (contacts, deals) are fetched a page at a time by `ids=`.
   */
  few?: boolean
  /** The field that names a record in another's table, when it is not the lookup's (a user by email). */
  shownBy?: string
  /** Columns whose target depends on the record (a note's `relid`, by its `reltype`): the resource it points at. */
  pointsAt?: Record<string, (record: Record<string, unknown>) => string | undefined>
  /** Words a terminal table shows for status numbers (scripts keep the numbers): a campaign's 5 is `completed`. */
  shownWords?: Record<string, Record<string, string>>
  /** Column headers a terminal table shows in the UI's words: a deal's `group` is its `pipeline`. */
  headers?: Record<string, string>
}
