// Command summaries: the spec's Title Case headings ("Retrieve a Contacts Account Contacts")
// become sentence case lines ("Retrieve a contact's account associations"): first letter
// capital, the rest lower case except acronyms and proper nouns, one line, no final period.
//
// `normaliseSummary` handles the ordinary cases by rule; SUMMARIES replaces the headings the
// rule cannot fix (wrong words, API jargon, missing articles). Keys are `METHOD /path` with
// every `{param}` written as `{}`, as in names.js. Entries are used as written.

import {fail, shortLine} from './util.js'

/** Words kept as written whatever their case in the spec (lower-cased key → spelling). */
const KEEP = new Map(
  ['API', 'APIs', 'URL', 'URLs', 'ID', 'IDs', 'IP', 'IPs', 'SMS', 'CSV', 'JSON', 'HTML', 'ActiveCampaign', 'Stripo'].map((w) => [
    w.toLowerCase(),
    w,
  ]),
)

/** Rewrites applied before casing, for spec habits that recur. */
const PHRASES = [
  [/\ba Contacts (?=\w)/g, "a contact's "], // "Retrieve a Contacts Notes"
  [/^Get\b/, 'Retrieve'], // "Get a Record by Id": the catalogue says retrieve throughout
  [/\bList All\b/g, 'List all'],
  [/\bRetrieve All\b/g, 'List all'],
  [/\s+-\s+/g, ' '], // "Task Type - Outcome Relation"
]

/** Sentence case by rule: see the file comment. */
export function normaliseSummary(text) {
  let s = shortLine(text).replace(/[.\s]+$/, '')
  for (const [pattern, replacement] of PHRASES) s = s.replace(pattern, replacement)
  let first = true
  s = s.replace(/[A-Za-z][A-Za-z0-9']*/g, (word) => {
    const isFirst = first
    first = false
    const kept = KEEP.get(word.toLowerCase()) ?? KEEP.get(word.toLowerCase().replace(/'s$/, ''))
    if (kept) return word.toLowerCase().endsWith("'s") && !kept.endsWith("'s") ? `${kept}'s` : kept
    // An API name in camelCase (`dealGroups`) or an acronym (`GDPR`) stays as it is.
    if (/[a-z][A-Z]/.test(word) || /^[A-Z]{2,}$/.test(word)) return word
    const lower = word.toLowerCase()
    return isFirst ? lower[0].toUpperCase() + lower.slice(1) : lower
  })
  return s
}

/** Whole summaries, where the spec's heading says too little or says it wrongly. */
export const SUMMARIES = {
  // accounts: accountContacts are "associations" in the spec, which says nothing on its own
  'POST /accountContacts': 'Associate a contact with an account',
  'GET /accountContacts': 'List all account contact associations',
  'GET /accountContacts/{}': 'Retrieve an account contact association',
  'PUT /accountContacts/{}': 'Update an account contact association',
  'DELETE /accountContacts/{}': 'Remove a contact from an account',
  'POST /accountCustomFieldData/bulkCreate': 'Bulk create account custom field values',
  'PATCH /accountCustomFieldData/bulkUpdate': 'Bulk update account custom field values',
  'DELETE /addressGroups/{}': "Delete an address's link to a user group",
  'DELETE /addressLists/{}': "Delete an address's link to a list",

  // contacts
  'GET /contacts/{}/accountContacts': "List a contact's account associations",
  'GET /contacts/{}/contactAutomations': 'List all automations a contact is in',
  'GET /contacts/{}/contactDeals': 'List the deals a contact is a secondary contact on',
  'GET /contacts/{}/geoIps': "List a contact's geo IP addresses",
  'GET /contacts/{}/plusAppend': "Retrieve a contact's Plus Append data",
  'GET /contacts/{}/fieldValues': "List a contact's custom field values",
  'POST /contact/sync': 'Create or update a contact by email address',
  'GET /contacts/{}/scoreValues': "Retrieve a contact's score values",
  'GET /geoIps/{}/geoAddress': 'Retrieve the address of a geo IP record',
  'GET /trackingLogs/{}/contact': 'Retrieve the contact of a tracking event',
  'GET /contactAutomations': 'List all contact automation entries',
  'GET /contactAutomations/{}': 'Retrieve a contact automation entry',
  'POST /contactTags': 'Add a tag to a contact',
  'POST /contactLists': "Update a contact's list status (subscribe or unsubscribe)",
  'PUT /fieldValues/{}': "Update a contact's custom field value",
  'GET /import/bulk_import': 'List bulk import batches and their status',
  'GET /import/info': 'Retrieve the status of a bulk import',
  'POST /fieldRels': 'Add a custom field to lists',
  'DELETE /fieldRels/{}': 'Remove a custom field from lists',
  'GET /fields/{}': 'Retrieve a custom field',
  'POST /groupMembers': 'Add a custom field to a field group',
  'GET /groupMembers': 'List all field group members',
  'GET /groupMembers/{}': 'Retrieve a field group member',
  'PUT /groupMembers/{}': 'Update a field group member',
  'DELETE /groupMembers/{}': 'Remove a custom field from a field group',

  // deals
  'POST /dealCustomFieldMeta': 'Create a custom field',
  'POST /dealCustomFieldData/bulkCreate': 'Bulk create deal custom field values',
  'PATCH /dealCustomFieldData/bulkUpdate': 'Bulk update deal custom field values',
  'GET /dealGroup/get_inaccessible_deal_groups': 'List the pipelines a user cannot access',
  'POST /tasktypeOutcomeRels': 'Add an outcome to a task type',
  'GET /tasktypeOutcomeRels': 'List all task type outcomes',
  'GET /tasktypeOutcomeRels/{}': 'Retrieve a task type outcome',
  'PUT /tasktypeOutcomeRels/{}': 'Update a task type outcome',
  'DELETE /tasktypeOutcomeRels/{}': 'Remove an outcome from a task type',

  // campaigns
  'POST /campaign': 'Create a campaign',
  'POST /campaigns/{}/copy': 'Duplicate a campaign',
  'PUT /campaigns/{}/edit': 'Edit a campaign',
  'GET /campaigns/{}/links': "List a campaign's links",

  // custom objects
  'POST /customObjects/records/{}': 'Create or update a record',
  'GET /customObjects/records/{}': 'List all records of a schema',

  // e-commerce: EcomOrderProduct is the API's class name
  'GET /ecomOrderProducts': 'List all order products',
  'GET /ecomOrderProducts/{}': 'Retrieve an order product',
  'GET /ecomOrders/{}/orderProducts': "List an order's products",

  // email editor (Stripo)
  'GET /stripo/config': 'Retrieve the email editor (Stripo) configuration',
  'GET /stripo/personalizationTags': 'List the personalization tags of the email editor',
  'GET /content/editorMarkup/{}': "Retrieve a message's email editor markup",

  // tracking
  'POST /event': 'Track an event for a contact',
  'POST /eventTrackingEvents': 'Create an event (name only)',
  'DELETE /eventTrackingEvents/{}': 'Delete an event (name only)',
  'GET /eventTrackingEvents': 'List all events (names only)',
  'GET /eventTracking': 'Retrieve event tracking status',
  'PUT /eventTracking': 'Enable or disable event tracking',
  'GET /siteTracking': 'Retrieve site tracking status',
  'PUT /siteTracking': 'Enable or disable site tracking',
  'GET /siteTracking/code': 'Retrieve the site tracking code',
  'GET /siteTrackingDomains': 'List all whitelisted site tracking domains',
  'POST /localevent': 'Record a local site tracking event',
  // The spec describes prism/urlWhitelistings exactly as siteTrackingDomains; keep them apart.
  'POST /prism/urlWhitelistings': 'Add a domain to the URL whitelist',
  'GET /prism/urlWhitelistings': 'List all domains on the URL whitelist',
  'DELETE /prism/urlWhitelistings/{}': 'Remove a domain from the URL whitelist',

  // misc
  'GET /automations/{}': 'Retrieve an automation',
  'POST /forms': 'Create a form',
  'PUT /forms/{}': 'Update a form',
  'DELETE /forms/{}': 'Delete a form',
  'POST /form/optin': 'Send a form opt-in confirmation',
  'GET /lists/exclusions': 'List all exclusions',
  'POST /listGroups': 'Let a user group see a list',
  // groups are user groups (permissions), not contact groups
  'POST /groups': 'Create a user group',
  'GET /groups': 'List all user groups',
  'GET /groups/{}': 'Retrieve a user group',
  'PUT /groups/{}': 'Update a user group',
  'DELETE /groups/{}': 'Delete a user group',
  'GET /groupLimits': 'List the limits of every user group',
  'GET /notes': 'List all notes',
  'PATCH /personalizations/{}/lock': 'Lock a variable',
  'PATCH /personalizations/{}/unlock': 'Unlock a variable',
  'GET /personalizations': 'List all variables',
  'GET /segments': 'List all segments',
  'GET /segments/{}': 'Retrieve a segment',
  'PUT /configs/{}': 'Update a setting',
  'GET /users/me': 'Retrieve the logged-in user',
}

/** Fails on a summary that breaks the house style, and on SUMMARIES entries nothing used. */
export function checkSummaries(operations, used) {
  for (const op of operations) {
    const s = op.summary
    if (!s || /[\r\n]/.test(s) || /\.$/.test(s) || !/^[A-Z]/.test(s) || s !== s.trim()) {
      fail(`${op.command}: summary ${JSON.stringify(s)} must be one line, start with a capital and end without a period`)
    }
  }
  const stale = Object.keys(SUMMARIES).filter((k) => !used.has(k))
  if (stale.length) fail(`scripts/gen/summaries.js: SUMMARIES entries match no operation: ${stale.join(', ')}`)
}
