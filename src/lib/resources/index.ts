import {usageError} from '../errors.js'
import {deletedStub, money, slug, wordFor} from './formats.js'
import {filterField, references} from './references.js'
import type {ResourceDescription} from './types.js'

export {askedOnCreate, confirmations, type ConfirmReader} from './questions.js'
export {filterField, references} from './references.js'
export type {CustomFieldStyle, NameLookup, Relation, ResourceDescription, Section} from './types.js'

// What the spec cannot say about a resource: how people see its records (default columns),
// what names a record (for `--tag VIP` instead of `--tag 12`), how it pages, and how its
// custom field values are written. Keyed by the API resource (`Operation.resource`).
// Everything else about a command comes from the generated catalogue.

/** The words people use for the API's status numbers, by resource: `--status won` sends 1. */
export const statusWords: Record<string, Record<string, number>> = {
  deals: {open: 0, won: 1, lost: 2},
  contactLists: {unconfirmed: 0, active: 1, unsubscribed: 2, bounced: 3},
}

export const resources: Record<string, ResourceDescription> = {
  contacts: {
    columns: ['id', 'email', 'firstName', 'lastName', 'phone'],
    lookup: {path: '/contacts', field: 'email', query: (email) => ({email}), noun: 'contact'},
    customFields: {key: 'fieldValues', idKey: 'field', valueKey: 'value', definitions: 'fields'},
    relations: {
      tags: {links: 'contactTags', field: 'tag', to: 'tags'},
      lists: {links: 'contactLists', field: 'list', to: 'lists', keep: (link) => String(link.status) === '1'},
    },
    cells: {tags: (names) => (Array.isArray(names) ? names.join(', ') : String(names)), lists: (names) => (Array.isArray(names) ? names.join(', ') : String(names))},
    // `contacts list --status active`: the status of the contact's list subscriptions.
    words: {status: {any: -1, unconfirmed: 0, active: 1, unsubscribed: 2, bounced: 3}},
    pagesByIdGreater: true,
    sections: [
      {title: 'Tags', key: 'contactTags', resource: 'contactTags', include: 'contactTags.tag', columns: ['tag']},
      {title: 'Lists', key: 'contactLists', resource: 'contactLists', include: 'contactLists.list', columns: ['list', 'status']},
      {title: 'Deals', key: 'deals', resource: 'deals', columns: ['title', 'value', 'status', 'group', 'stage']},
      {title: 'Custom fields', key: 'fieldValues', resource: 'fieldValues', columns: ['field', 'value']},
    ],
    // Phone-only contacts exist only where the account allows them, and then the request says so.
    createNeeds: {field: 'email', unless: 'allowNullEmail'},
    selectBy: {
      tag: {parameter: 'tagid', description: 'Delete the contacts with this tag (ID or tag name)'},
      list: {parameter: 'listid', description: 'Delete the contacts in this list (ID or list name)'},
      search: {parameter: 'search', description: 'Delete the contacts whose name, email, phone or organization match'},
    },
  },
  tags: {
    columns: ['id', 'tag', 'tagType', 'description', 'subscriber_count'],
    lookup: {path: '/tags', field: 'tag', query: (search) => ({search}), noun: 'tag', prefer: {tagType: 'contact'}},
    few: true,
  },
  lists: {
    columns: ['id', 'name', 'stringid', 'subscriber_count'],
    lookup: {path: '/lists', field: 'name', query: (name) => ({'filters[name]': name}), noun: 'list'},
    derive: (list) => (typeof list.name === 'string' ? {stringid: slug(list.name)} : {}),
    few: true,
  },
  deals: {
    columns: ['id', 'title', 'value', 'currency', 'status', 'stage', 'owner'],
    // The value cell shows its currency on a terminal (1,200.00 USD): no currency column there.
    tableColumns: ['id', 'title', 'value', 'status', 'contact', 'group', 'stage', 'owner'],
    headers: {group: 'pipeline'},
    cells: {value: (cents, deal) => money(cents, deal.currency), status: (status) => wordFor(statusWords.deals, status), title: deletedStub},
    words: {status: statusWords.deals},
    listFlags: {
      pipeline: {parameter: 'filters[group]', description: 'Only deals in this pipeline (ID or pipeline title)'},
      stage: {parameter: 'filters[stage]', description: 'Only deals in this stage (ID or stage title; looked up within --pipeline)'},
      status: {parameter: 'filters[status]', description: 'Only deals with this status: open, won or lost'},
      owner: {parameter: 'filters[owner]', description: 'Only deals owned by this user (ID, username or email)'},
      search: {parameter: 'filters[search]', description: 'Only deals whose title, contact or organization match'},
    },
    lookup: {path: '/deals', field: 'title', query: (title) => ({'filters[title]': title}), noun: 'deal'},
    customFields: {key: 'fields', idKey: 'customFieldId', valueKey: 'fieldValue', definitions: 'dealCustomFieldMeta'},
    // A stage, or a pipeline whose first stage is then used.
    createNeeds: {field: 'stage', unless: 'group'},
  },
  dealGroups: {
    columns: ['id', 'title', 'currency', 'stages'],
    lookup: {path: '/dealGroups', field: 'title', query: (title) => ({'filters[title]': title}), noun: 'pipeline', flagAlias: 'pipeline'},
    few: true,
    // The API lists its stages' ids: a table says how many (`ac deals stages list --pipeline` names them).
    cells: {stages: (ids) => (Array.isArray(ids) ? String(ids.length) : String(ids))},
    // The API sideloads a pipeline's stages with it; where it does not, one request lists them.
    sections: [{title: 'Stages', key: 'dealStages', resource: 'dealStages', columns: ['title'], orderBy: 'order',
      list: (id) => ({path: '/dealStages', query: {'filters[d_groupid]': id}})}],
  },
  dealStages: {
    columns: ['id', 'title', 'group', 'order'],
    listFlags: {pipeline: {parameter: 'filters[d_groupid]', description: 'Only the stages of this pipeline (ID or pipeline title)'}},
    lookup: {path: '/dealStages', field: 'title', query: (title) => ({'filters[title]': title}), noun: 'stage', within: 'group'},
    few: true,
    headers: {group: 'pipeline'},
  },
  accounts: {
    columns: ['id', 'name', 'accountUrl', 'contactCount', 'dealCount'],
    lookup: {path: '/accounts', field: 'name', query: (search) => ({search}), noun: 'account'},
    customFields: {key: 'fields', idKey: 'customFieldId', valueKey: 'fieldValue', definitions: 'accountCustomFieldMeta'},
    sections: [{title: 'Contacts', key: 'accountContacts', resource: 'accountContacts', include: 'accountContacts.contact', columns: ['contact', 'jobTitle']}],
  },
  users: {
    columns: ['id', 'username', 'email', 'firstName', 'lastName'],
    lookup: {path: '/users', field: 'username', alsoField: 'email', noun: 'user'},
    few: true,
  },
  automations: {
    columns: ['id', 'name', 'status', 'entered', 'exited'],
    lookup: {path: '/automations', field: 'name', noun: 'automation'},
    few: true,
    shownWords: {status: {1: 'active', 2: 'inactive'}},
  },
  fields: {
    columns: ['id', 'title', 'type', 'perstag'],
    lookup: {path: '/fields', field: 'title', noun: 'custom field'},
    few: true,
  },
  dealCustomFieldMeta: {
    columns: ['id', 'fieldLabel', 'fieldType'],
    lookup: {path: '/dealCustomFieldMeta', field: 'fieldLabel', noun: 'deal custom field'},
    few: true,
  },
  accountCustomFieldMeta: {
    columns: ['id', 'fieldLabel', 'fieldType'],
    lookup: {path: '/accountCustomFieldMeta', field: 'fieldLabel', noun: 'account custom field'},
    few: true,
  },
  contactTags: {columns: ['id', 'contact', 'tag', 'cdate']},
  contactLists: {columns: ['id', 'contact', 'list', 'status'], cells: {status: (status) => wordFor(statusWords.contactLists, status)}, words: {status: statusWords.contactLists}},
  webhooks: {columns: ['id', 'name', 'url', 'events', 'sources']},
  campaigns: {
    columns: ['id', 'name', 'type', 'status', 'send_amt'],
    shownWords: {status: {0: 'draft', 1: 'scheduled', 2: 'sending', 3: 'paused', 4: 'stopped', 5: 'completed', 6: 'disabled', 7: 'pending review'}},
  },
  dealTasktypes: {lookup: {path: '/dealTasktypes', field: 'title', noun: 'task type'}, few: true},
  dealRoles: {lookup: {path: '/dealRoles', field: 'title', noun: 'deal role'}, few: true},
  // A note or a task hangs on a contact, a deal or an account: its `reltype` says which.
  notes: {pointsAt: {relid: (note) => reltypes[String(note.reltype)]}, headers: {relid: 'on'}},
  dealTasks: {pointsAt: {relid: (task) => reltypes[String(task.reltype)]}, headers: {relid: 'on', dealTasktype: 'type'}},
  // A field value's owner is the contact it belongs to (the API repeats it): a terminal shows it once.
  fieldValues: {pointsAt: {owner: () => 'contacts'}, tableColumns: ['id', 'contact', 'field', 'value']},
  contactAutomations: {shownWords: {status: {1: 'active', 2: 'completed'}}},
  messages: {columns: ['id', 'name', 'subject', 'fromemail']},
}

/** What a note's or a task's `reltype` names (`Subscriber` is the API's old word for a contact). */
const reltypes: Record<string, string> = {Subscriber: 'contacts', Contact: 'contacts', Deal: 'deals', CustomerAccount: 'accounts', Account: 'accounts'}

/** The resource a field of `resource` points at, when its records can be named (`tag` in a contactTag → tags). */
export function referenceTarget(resource: string, field: string): string | undefined {
  const reference = references[filterField(field).toLowerCase()]
  if (!reference || reference.in?.includes(resource) === false || reference.notIn?.includes(resource)) return undefined
  // A record's own name is not a reference: `tags create --tag VIP` names the new tag.
  return reference.to !== resource && resources[reference.to]?.lookup ? reference.to : undefined
}

/** A word for a number the API wants (`won` → `1` for a deal's status), or the value as given. */
export function numberForWord(resource: string, field: string, value: unknown): unknown {
  const words = resources[resource]?.words?.[filterField(field)]
  if (!words || typeof value !== 'string') return value
  const word = value.trim().toLowerCase()
  if (word in words) return String(words[word])
  if (/^-?\d+$/.test(word)) return value
  throw usageError(`${filterField(field)} must be one of ${Object.keys(words).join(', ')} (or the API's number), got "${value}"`)
}

/**
 * The resource whose records an operation reads or writes, which is not always its path's
 * first word: `/contacts/{id}/contactTags` → contactTags, `/contact/sync` → contacts.
 */
export function recordsResource(operation: {path: string; resource: string; responseKey?: string}): string {
  const key = operation.responseKey
  if (key && resources[key]) return key
  if (key && resources[`${key}s`]) return `${key}s`
  return operation.path.split('/').findLast((part) => part && !part.startsWith('{')) ?? operation.resource
}

/** The resource a path parameter names: the collection just before it (`/deals/{dealId}/notes/{id}`: id → notes). */
export function parameterResource(path: string, parameter: string): string | undefined {
  const parts = path.split('/')
  const at = parts.indexOf(`{${parameter}}`)
  if (at <= 0 || parts[at - 1].startsWith('{')) return undefined
  return nestedCollections[`${parts[at - 3] ?? ''}/${parts[at - 1]}`] ?? parts[at - 1]
}

/**
 * Collections that share a name with a top-level resource but are not it: a custom-object
 * schema's `fields` are its own, with slugs for ids (`my-field`), not contact custom fields.
 */
const nestedCollections: Record<string, string> = {'schemas/fields': 'customObjectFields'}

/** Paths whose ids are not numbers: custom-object schemas go by UUID or by slug (`SCHEMA_ID`, `my-field`). */
export function takesFreeTextIds(path: string): boolean {
  return path.startsWith('/customObjects/schemas/')
}

export function describe(resource: string): ResourceDescription {
  return resources[resource] ?? {}
}
