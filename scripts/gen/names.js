// Naming tables: how ActiveCampaign's API collections become `ac` topics and verbs.
//
// Users think in the UI's words (pipelines, stages, custom fields), so the topic comes from
// this table, not from the collection name; the API's own name survives as an alias
// (`dealGroups:list` for `deals:pipelines:list`). Everything the generic rules in naming.js
// get wrong is an explicit override below. Override keys are `METHOD /path` with every
// `{param}` written as `{}`.

/**
 * Leading static path segments → topic words (space separated). The longest match wins.
 * `alias` replaces the prefix in the alias id when the raw name is a typo.
 */
export const RESOURCES = {
  contacts: 'contacts',
  contact: 'contacts', // POST /contact/sync
  contactAutomations: 'contacts automations',
  contactLists: 'contacts lists',
  contactTags: 'contacts contact-tags', // link records: delete takes the link id, not the tag id
  fields: 'contacts custom-fields',
  fieldRels: 'contacts custom-fields',
  fieldOption: 'contacts custom-fields',
  fieldValues: 'contacts field-values',
  groupDefinitions: 'contacts field-groups',
  groupMembers: 'contacts field-groups members',
  import: 'contacts', // bulk-import; `contacts import` is the hand-written CSV command
  activities: 'contacts activities',
  emailActivities: 'contacts email-activities',
  geoIps: 'contacts',
  trackingLogs: 'contacts',
  tags: 'tags',
  lists: 'lists',
  'lists/exclusions': 'lists exclusions',
  listGroups: 'lists group-permissions',
  deals: 'deals',
  dealGroups: 'deals pipelines',
  dealGroup: 'deals pipelines',
  dealStages: 'deals stages',
  dealTasks: 'deals tasks',
  taskNotifications: 'deals tasks reminders',
  dealTasktypes: 'deals task-types',
  taskOutcomes: 'deals task-outcomes',
  taskOutccomes: {topic: 'deals task-outcomes', alias: 'taskOutcomes'}, // the spec's typo, a real path
  tasktypeOutcomeRels: 'deals task-types outcomes',
  dealCustomFieldMeta: 'deals custom-fields',
  dealCustomFieldData: 'deals custom-field-values',
  dealRoles: 'deals roles',
  dealActivities: 'deals activities',
  contactDeals: 'deals contacts', // secondary contacts on deals
  accounts: 'accounts',
  accountContacts: 'accounts contacts',
  accountCustomFieldMeta: 'accounts custom-fields',
  accountCustomFieldData: 'accounts custom-field-values',
  ecomOrders: 'ecommerce orders',
  ecomCustomers: 'ecommerce customers',
  ecomOrderProducts: 'ecommerce order-products',
  connections: 'ecommerce connections',
  'customObjects/schemas': 'custom-objects schemas',
  'customObjects/records': 'custom-objects records',
  records: 'custom-objects records', // GET /records/{schemaId}/external/{externalId}, as documented
  users: 'users',
  groups: 'groups',
  groupLimits: 'groups limits',
  webhooks: 'webhooks',
  'webhook/events': 'webhooks events',
  automations: 'automations',
  campaigns: 'campaigns',
  campaign: 'campaigns', // POST /campaign
  messages: 'messages',
  templates: 'templates',
  template: 'templates', // GET /template/share
  'content/editorMarkup': 'email-editor markup',
  stripo: 'email-editor',
  personalizations: 'personalizations',
  forms: 'forms',
  form: 'forms', // POST /form/optin
  addresses: 'addresses',
  addressGroups: 'addresses',
  addressLists: 'addresses',
  brandings: 'brandings',
  calendars: 'calendars',
  savedResponses: 'saved-responses',
  notes: 'notes',
  scores: 'scores',
  segments: 'segments',
  siteTracking: 'site-tracking',
  siteTrackingDomains: 'site-tracking domains',
  'prism/urlWhitelistings': 'site-tracking whitelist',
  localevent: 'site-tracking',
  eventTracking: 'event-tracking',
  eventTrackingEvents: 'event-tracking events',
  event: 'event-tracking', // POST /event
  configs: 'settings',
  settings: 'settings',
}

/** Sub-collection segment (`GET /contacts/{id}/bounceLogs`) → command word. */
export const SUBRESOURCE_NOUNS = {
  accountContacts: 'accounts',
  automationEntryCounts: 'automation-entry-counts',
  contactData: 'data',
  contactDeals: 'secondary-deals',
  contactGoals: 'goals',
  contactLogs: 'logs',
  orderProducts: 'products',
}

/**
 * Per-operation overrides: `verb` (last word), `command` (whole id), `params` (canonical path
 * parameter names in path order), `responseKey`, `noResponseExample`, `bodyRoot`, `required` (body field or
 * query parameter → bool, beats the schema), `flags` (body field → flag, beats FIELD_FLAGS). Summaries live in
 * summaries.js, flag descriptions in descriptions.js.
 */
export const OVERRIDES = {
  // contacts: a contact's memberships, where the plain noun is already a topic
  'GET /contacts/{}/contactAutomations': {command: 'contacts:automations:by-contact'},
  'GET /contacts/{}/contactLists': {command: 'contacts:lists:by-contact'},
  'GET /contacts/{}/fieldValues': {command: 'contacts:field-values:by-contact'},
  'GET /contacts/{}/contactTags': {command: 'contacts:contact-tags:by-contact'},
  'POST /contactLists': {verb: 'update'}, // status 1 subscribes, 2 unsubscribes
  'GET /import/bulk_import': {verb: 'bulk-import-batches'},
  'GET /trackingLogs/{}/contact': {verb: 'get-by-event', params: ['eventId']},
  'GET /geoIps/{}/geoAddress': {verb: 'geo-address'},
  'POST /fields': {responseKey: 'field', noResponseExample: true}, // documented with the list's example
  'POST /fieldRels': {verb: 'add-to-list', flags: {relid: 'list-id'}},
  // The API reads `batchId` (it answers 400 without it), though the spec does not say so.
  'GET /import/info': {verb: 'bulk-import-status', required: {batchId: true}},
  'GET /activities': {required: {contact: true}}, // "Required Contact ID"
  // The schema names the sender `email`; the API, its example and every response say `fromemail`.
  'POST /messages': {required: {email: false, fromemail: true}},
  // Either id will do: externalid for an order, externalcheckoutid (with abandonedDate) for a cart.
  'POST /ecomOrders': {required: {externalcheckoutid: false, abandonedDate: false}},
  'DELETE /fieldRels/{}': {verb: 'remove-from-list'},
  'POST /fieldOption/bulk': {verb: 'create-options'},

  // accounts and deals notes: the record acted on is `id`, its parent `<parent>Id`
  'POST /accounts/{}/notes': {command: 'accounts:notes:create', params: ['accountId']},
  'PUT /accounts/{}/notes/{}': {command: 'accounts:notes:update', params: ['accountId', 'id']},
  'POST /deals/{}/notes': {command: 'deals:notes:create', params: ['dealId']},
  'PUT /deals/{}/notes/{}': {command: 'deals:notes:update', params: ['dealId', 'id']},

  // deals
  'POST /dealRoles': {bodyRoot: 'dealRole'}, // documented without example or wrapper; the API wants one
  // Where the schema's required list is wrong: a tag needs its name (the API answers 422
  // field_missing); a deal needs a contact OR an account, and its owner defaults to the key's user.
  'POST /tags': {required: {tag: true}},
  // ...and its pipeline follows from its stage, its stage from its pipeline (the first one):
  // one of the two is needed, which the runner checks (resources: createNeeds).
  'POST /deals': {required: {account: false, contact: false, owner: false, group: false, stage: false}},
  // A list's stringid follows from its name (resources: derive).
  'POST /lists': {required: {stringid: false}},
  'GET /dealGroup/get_inaccessible_deal_groups': {verb: 'list-inaccessible'},
  'PUT /dealStages/{}/deals': {verb: 'move-deals'},
  'PUT /dealTasktypes/{}/dealTasks': {verb: 'move-tasks'},

  // custom objects
  'GET /customObjects/records/{}': {verb: 'list', params: ['schemaId']},
  'POST /customObjects/records/{}': {verb: 'create', params: ['schemaId']},
  'GET /customObjects/records/{}/{}': {verb: 'get', params: ['schemaId', 'id']},
  'DELETE /customObjects/records/{}/{}': {verb: 'delete', params: ['schemaId', 'id']},
  'DELETE /customObjects/records/{}/external/{}': {verb: 'delete-by-external-id', params: ['schemaId', 'externalId']},
  'GET /records/{}/external/{}': {verb: 'get-by-external-id', params: ['schemaId', 'externalId']},
  'POST /customObjects/schemas/public': {verb: 'create-public'},
  'POST /customObjects/schemas/{}/child': {verb: 'create-child'},
  'DELETE /customObjects/schemas/{}/fields/{}': {command: 'custom-objects:schemas:delete-field', params: ['id', 'fieldId']},

  // campaigns, messages, templates
  'PUT /campaigns/{}/edit': {verb: 'update'},
  'GET /automations/{}': {responseKey: 'automation', noResponseExample: true},

  // users
  'GET /users/email/{}': {verb: 'get-by-email', params: ['email']},
  'GET /users/username/{}': {verb: 'get-by-username', params: ['username']},

  // tracking
  'POST /event': {verb: 'track'},
  'DELETE /eventTrackingEvents/{}': {params: ['name']},
  'DELETE /siteTrackingDomains/{}': {params: ['name']},
  'POST /localevent': {verb: 'local-event'},
  'GET /siteTracking': {verb: 'status'},
  'GET /eventTracking': {verb: 'status'},

  // misc
  'DELETE /addressGroups/{}': {verb: 'delete-group-link'},
  'DELETE /addressLists/{}': {verb: 'delete-list-link'},
  'DELETE /personalizations/bulkdelete': {verb: 'bulk-delete'},
}

/** Operations in neither source but used everywhere. */
export const UNDOCUMENTED = [
  {
    method: 'GET',
    path: '/contacts/{id}/contactTags',
    summary: "List a Contact's Tags (contact-tag links)",
    responseKey: 'contactTags',
    params: [{name: 'id', in: 'path', required: true, type: 'integer', description: 'ID of the contact'}],
  },
  {method: 'GET', path: '/settings/account', summary: 'Retrieve Account Settings'},
]

/** Query parameter → flag, for names the kebab rule makes ugly or unclear. */
export const QUERY_FLAGS = {
  listid: 'list-id',
  tagid: 'tag-id',
  formid: 'form-id',
  segmentid: 'segment-id',
  seriesid: 'automation-id',
  waitid: 'wait-id',
  'ids[]': 'id',
  'dealIds[]': 'deal-id',
}

/**
 * Body field → flag, for the API's run-together names (`listid`, `fromname`): kebab-case words
 * a user can read. The catalogue keeps the API's name beside the flag, and the runtime accepts
 * the old run-together spelling as a hidden alias. Per operation, OVERRIDES `flags` wins.
 */
export const FIELD_FLAGS = {
  listid: 'list-id',
  listids: 'list-ids',
  groupid: 'group-id',
  relid: 'rel-id',
  reltype: 'rel-type',
  orgid: 'org-id',
  sourceid: 'source-id',
  connectionid: 'connection-id',
  customerid: 'customer-id',
  externalid: 'external-id',
  externalcheckoutid: 'external-checkout-id',
  fromname: 'from-name',
  fromemail: 'from-email',
  reply2: 'reply-to',
  stringid: 'string-id',
  duedate: 'due-date',
  edate: 'end-date',
  tstamp: 'timestamp',
  allgroups: 'all-groups',
  allgroup: 'all-groups',
  allusers: 'all-users',
  autoassign: 'auto-assign',
  defval: 'default-value',
  descript: 'description',
  ordernum: 'order',
  carboncopy: 'carbon-copy',
  unsubscribelink: 'unsubscribe-link',
  optinconfirm: 'optin-confirm',
  socialdata: 'social-data',
  dealTasktype: 'task-type',
}

/** Query parameters never exposed as flags (the runtime sends the key as a header). */
export const HIDDEN_QUERY = new Set(['api_key', 'limit', 'offset'])

/** Flags the runtime owns; no body field or query parameter may take them. */
export const RESERVED_FLAGS = new Set([
  'output', 'json', 'columns', 'limit', 'offset', 'all', 'data', 'field', 'dry-run', 'yes',
  'profile', 'debug', 'help', 'version', 'filter', 'sort', 'page-size',
])

/** Topics owned by hand-written commands and plugins: generated ids may not start with them. */
export const HAND_WRITTEN_TOPICS = new Set([
  'api', 'auth', 'profiles', 'sandbox', 'seed', 'help', 'commands', 'autocomplete', 'plugins', 'version',
])
