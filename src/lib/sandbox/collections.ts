// The sandbox's collections, one description each (see collection.ts for the fields).
// Add a resource: append a description; the generic routes, validation and paging follow.

import type {CollectionDescription} from './collection.js'
import {contactDetail, contactFilter, contactsMeta, dealsMeta, deriveContact, deriveDeal, deriveList, deriveStage, pipelineStages, subscriberCount, validateContact, validateContactList, validateDeal, validateField} from './hooks.js'

const ci = true

const contacts: CollectionDescription = {
  name: 'contacts', singular: 'contact', model: 'Subscriber',
  unique: [{fields: ['email'], caseInsensitive: ci, title: 'Email address already exists in the system'}],
  defaults: {
    email: '', phone: '', firstName: '', lastName: '', orgid: '0', orgname: '', segmentio_id: '', bounced_hard: '0',
    bounced_soft: '0', bounced_date: '0000-00-00', ip: '0', ua: '', hash: '', socialdata_lastcheck: '0000-00-00 00:00:00',
    email_local: '', email_domain: '', sentcnt: '0', rating_tstamp: '0000-00-00', gravatar: '0', deleted: '0',
    anonymized: '0', adate: null, edate: null, deleted_at: '0000-00-00 00:00:00',
  },
  validate: validateContact, derive: deriveContact, queryFilter: contactFilter, listMeta: contactsMeta, detail: contactDetail,
  searchFields: ['email', 'firstName', 'lastName', 'phone', 'orgname'],
  nested: {fieldValues: {collection: 'fieldValues', foreignKey: 'contact', key: 'field'}},
  sideloads: ['contactAutomations', 'contactLists', 'deals', 'fieldValues'],
  links: ['bounceLogs', 'contactAutomations', 'contactData', 'contactGoals', 'contactLists', 'contactLogs', 'contactTags',
    'contactDeals', 'deals', 'fieldValues', 'geoIps', 'notes', 'organization', 'plusAppend', 'trackingLogs', 'scoreValues',
    'accountContacts', 'automationEntryCounts'],
}

const tags: CollectionDescription = {
  name: 'tags', singular: 'tag', model: 'Tag', required: ['tag'], searchFields: ['tag'],
  defaults: {tagType: 'contact', description: ''},
  unique: [{fields: ['tag', 'tagType'], caseInsensitive: ci, title: 'A tag with this name already exists'}],
  links: ['contactGoalTags'], computed: subscriberCount('contactTags', 'tag'),
}

const contactTags: CollectionDescription = {
  name: 'contactTags', singular: 'contactTag', model: 'SubscriberTag', required: ['contact', 'tag'],
  belongsTo: {contacts: 'contact', tags: 'tag'}, cascade: true, upsertOn: ['contact', 'tag'],
  references: {contact: 'contacts', tag: 'tags'}, missingReferenceStatus: 404, links: ['contact', 'tag'],
}

const lists: CollectionDescription = {
  name: 'lists', singular: 'list', model: '_List', required: ['name'], derive: deriveList, searchFields: ['name'],
  defaults: {userid: '1', user: '1', sender_url: '', sender_reminder: '', send_last_broadcast: '0', private: '0', carboncopy: null,
    subscription_notify: null, unsubscription_notify: null, to_name: 'Subscriber', optinoptout: '1'},
  links: ['contactGoalLists', 'user', 'addressLists'], createStatus: 200, computed: subscriberCount('contactLists', 'list'),
}

const contactLists: CollectionDescription = {
  name: 'contactLists', singular: 'contactList', model: 'SubscriberList', required: ['contact', 'list', 'status'],
  belongsTo: {contacts: 'contact', lists: 'list'}, cascade: true, upsertOn: ['contact', 'list'], upsertUpdates: true,
  references: {contact: 'contacts', list: 'lists'}, validate: validateContactList, echoReferences: ['contact'],
  defaults: {sourceid: '0', seriesid: '0', form: null, responder: '1', sync: '0'}, links: ['contact', 'list'], createStatus: 200,
}

const fieldValues: CollectionDescription = {
  name: 'fieldValues', singular: 'fieldValue', model: 'FieldValue', required: ['contact', 'field'],
  belongsTo: {contacts: 'contact', fields: 'field'}, cascade: true, upsertOn: ['contact', 'field'], upsertUpdates: true,
  references: {contact: 'contacts'}, derive: (record) => { record.owner = record.contact }, links: ['owner', 'field'], createStatus: 200,
}

const deals: CollectionDescription = {
  name: 'deals', singular: 'deal', model: 'Deal', required: ['title', 'value', 'currency'],
  validate: validateDeal, derive: deriveDeal, listMeta: dealsMeta, searchFields: ['title', 'description'],
  belongsTo: {contacts: 'contact', accounts: 'account', dealStages: 'stage', dealGroups: 'group'},
  references: {contact: 'contacts', account: 'accounts'},
  defaults: {owner: '1', group: null, stage: null, status: '0', percent: '0', description: '', nextdate: null, nexttaskid: '0', activitycount: '0'},
  nested: {fields: {collection: 'dealCustomFieldData', foreignKey: 'dealId', key: 'customFieldId'}},
  links: ['dealActivities', 'contact', 'contactDeals', 'group', 'nextTask', 'notes', 'account', 'organization', 'owner', 'scoreValues', 'stage', 'tasks'],
}

const accounts: CollectionDescription = {
  name: 'accounts', singular: 'account', model: 'CustomerAccount', required: ['name'], searchFields: ['name'],
  defaults: {accountUrl: null, owner: '1', contactCount: '0', dealCount: '0'},
  nested: {fields: {collection: 'accountCustomFieldData', foreignKey: 'customerAccountId', key: 'customFieldId'}},
  links: ['notes', 'accountCustomFieldData', 'accountContacts'],
}

/** Link records between two parents: required, cascading, referencing both. */
function link(name: string, singular: string, model: string, parents: Record<string, string>, extra: Partial<CollectionDescription> = {}): CollectionDescription {
  const fields = Object.values(parents)
  return {
    name, singular, model, required: fields, cascade: true,
    belongsTo: Object.fromEntries(Object.entries(parents)),
    references: Object.fromEntries(Object.entries(parents).map(([parent, field]) => [field, parent])),
    links: fields, ...extra,
  }
}

/** A plain resource: name, envelope key, 404 model, required fields, anything else. */
function plain(name: string, singular: string, model: string, required: string[] = [], extra: Partial<CollectionDescription> = {}): CollectionDescription {
  return {name, singular, model, required, ...extra}
}

const notesOf = (reltype: string) => ({reltype, relid: '{id}'})

export const COLLECTIONS: CollectionDescription[] = [
  contacts, tags, contactTags, lists, contactLists, fieldValues, deals, accounts,
  link('accountContacts', 'accountContact', 'CustomerAccountSubscriber', {accounts: 'account', contacts: 'contact'}, {createStatus: 201}),
  link('contactDeals', 'contactDeal', 'SubscriberDeal', {contacts: 'contact', deals: 'deal'}, {createStatus: 200}),
  link('contactAutomations', 'contactAutomation', 'SubscriberSeries', {contacts: 'contact'},
    {required: ['contact', 'automation'], references: {contact: 'contacts', automation: 'automations'}}),
  plain('accountCustomFieldMeta', 'accountCustomFieldMetum', 'AccountCustomFieldMeta', ['fieldLabel', 'fieldType'], {createStatus: 200}),
  plain('accountCustomFieldData', 'accountCustomFieldDatum', 'AccountCustomFieldData', ['customerAccountId', 'customFieldId'],
    {belongsTo: {accounts: 'customerAccountId'}, cascade: true, createStatus: 200, derive: (record) => { record.customerAccountId ??= record.accountId }}),
  plain('dealCustomFieldMeta', 'dealCustomFieldMetum', 'DealCustomFieldMeta', ['fieldLabel', 'fieldType'], {createStatus: 200}),
  plain('dealCustomFieldData', 'dealCustomFieldDatum', 'DealCustomFieldData', ['dealId', 'customFieldId'],
    {belongsTo: {deals: 'dealId'}, cascade: true, createStatus: 200}),
  plain('dealGroups', 'dealGroup', 'Pipeline', ['title'], {defaults: {currency: 'usd', allgroups: '1', allusers: '1', autoassign: '0'},
    links: ['dealStages'], createStatus: 200, computed: pipelineStages}),
  plain('dealStages', 'dealStage', 'DealStage', ['title', 'group'], {belongsTo: {dealGroups: 'group'}, cascade: true,
    references: {group: 'dealGroups'}, defaults: {color: '32B0FC', width: '280', dealOrder: 'next-action DESC'}, createStatus: 200,
    derive: deriveStage, filterFields: {d_groupid: 'group'}}),
  plain('dealTasks', 'dealTask', 'DealTask', ['relid', 'duedate', 'dealTasktype'], {defaults: {reltype: 'Deal', status: '0', title: '', note: ''},
    // A task written with `ownerType: contact` is on a contact: the API answers it as reltype Subscriber.
    derive: (record) => { if (typeof record.ownerType === 'string') record.reltype = record.ownerType.toLowerCase() === 'contact' ? 'Subscriber' : 'Deal' },
    belongsTo: {deals: 'relid', dealTasktypes: 'dealTasktype'}}),
  plain('dealTasktypes', 'dealTasktype', 'DealTasktype', ['title'], {createStatus: 200}),
  plain('dealRoles', 'dealRole', 'DealRole', ['title'], {createStatus: 200}),
  plain('taskOutcomes', 'taskOutcome', 'TaskOutcome', ['title'], {aliases: ['taskOutccomes'], createStatus: 200}),
  plain('tasktypeOutcomeRels', 'tasktypeOutcomeRel', 'TasktypeOutcomeRel', [], {createStatus: 200}),
  plain('notes', 'note', 'Note', ['note'], {cascade: true,
    belongsTo: {contacts: notesOf('Subscriber'), deals: notesOf('Deal'), accounts: notesOf('CustomerAccount')}}),
  plain('fields', 'field', 'Field', ['title', 'type'], {defaults: {descript: '', isrequired: '0', perstag: '', defval: '', visible: '1', ordernum: '1'},
    validate: validateField}),
  plain('fieldRels', 'fieldRel', 'FieldRel', ['field'], {belongsTo: {fields: 'field'}, cascade: true}),
  plain('users', 'user', 'User', ['username', 'email'], {
    unique: [{fields: ['username'], caseInsensitive: ci, title: 'Username already exists'}, {fields: ['email'], caseInsensitive: ci, title: 'Email address already exists'}],
    defaults: {firstName: '', lastName: '', phone: '', signature: null}, links: ['lists', 'userGroup', 'dealGroupTotals', 'dealGroupUsers', 'configs']}),
  plain('groups', 'group', 'Group', ['title'], {createStatus: 200}),
  plain('webhooks', 'webhook', 'Webhook', ['name', 'url'], {defaults: {events: [], sources: [], listid: '0', state: '1'}}),
  plain('addresses', 'address', 'Address', ['company_name', 'country'], {createStatus: 200}),
  plain('calendars', 'calendar', 'Calendar', ['title', 'type'], {createStatus: 200}),
  plain('connections', 'connection', 'Connection', ['service', 'externalid', 'name'], {defaults: {isInternal: '0', status: '1', syncStatus: '0'}, createStatus: 200}),
  plain('ecomCustomers', 'ecomCustomer', 'EcomCustomer', ['connectionid', 'externalid', 'email']),
  plain('ecomOrders', 'ecomOrder', 'EcomOrder', ['email', 'connectionid']),
  plain('ecomOrderProducts', 'ecomOrderProduct', 'EcomOrderProduct', [], {aliases: ['orderProducts'], belongsTo: {ecomOrders: 'orderid'}, fixtures: true}),
  plain('messages', 'message', 'Message', ['fromname', 'reply2']),
  plain('savedResponses', 'savedResponse', 'SavedResponse', ['title', 'subject', 'body']),
  plain('eventTrackingEvents', 'eventTrackingEvent', 'EventTrackingEvent', ['name'], {lookupField: 'name',
    unique: [{fields: ['name'], caseInsensitive: ci, title: 'An event with this name already exists'}]}),
  plain('siteTrackingDomains', 'siteTrackingDomain', 'SiteTrackingDomain', ['name'], {lookupField: 'name',
    unique: [{fields: ['name'], caseInsensitive: ci, title: 'This domain is already whitelisted'}]}),
  plain('personalizations', 'personalization', 'Personalization', ['name'], {createStatus: 200}),
  plain('listGroups', 'listGroup', 'ListGroup', ['listid', 'groupid']),
  plain('forms', 'form', 'Form', [], {fixtures: true, createStatus: 200}),
  plain('automations', 'automation', 'Series', [], {fixtures: true}),
  plain('campaigns', 'campaign', 'Campaign', [], {fixtures: true}),
  plain('scores', 'score', 'Score', [], {fixtures: true}),
  plain('segments', 'segment', 'Segment', [], {fixtures: true}),
  plain('brandings', 'branding', 'Branding', [], {fixtures: true}),
  plain('templates', 'template', 'Template', [], {fixtures: true}),
  plain('customObjectSchemas', 'schema', 'Schema', ['slug'], {path: 'customObjects/schemas', plural: 'schemas', modern: true,
    defaults: {visibility: 'private', description: '', fields: [], relationships: []},
    unique: [{fields: ['slug'], title: 'A schema with this slug already exists', errors: [{
      title: 'Invalid value for field "schema.slug"', detail: 'Schema slug must be unique',
      source: {type: 'pointer', value: '/data/attributes/schema/slug'},
    }]}]}),
  plain('customObjectRecords', 'record', 'Record', ['schemaId'], {path: 'customObjects/records', plural: 'records', modern: true,
    noGenericRoutes: true, defaults: {fields: [], relationships: {}}}),
]
