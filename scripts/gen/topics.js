// Topic descriptions for `ac --help` and `ac TOPIC --help`, written into package.json's
// `oclif.topics` by `npm run gen`. Without them oclif describes a topic by the summary of its
// first command ("accounts   Bulk delete accounts").
//
// One short line per topic in ActiveCampaign's UI words; the API's collection name follows in
// brackets where it differs, since that is what the API docs and errors use. Every topic the
// generated and hand-written commands make needs an entry here: the generator fails otherwise.

import {fail} from './util.js'

export const TOPICS = {
  // hand-written
  api: 'Call any API path, and browse the operations ac knows',
  audit: 'The audit log of every change ac made to an account',
  auth: 'Log in with your API URL and key, check or log out',
  profiles: 'Saved logins, one per account: list, switch, remove',
  sandbox: 'A local fake ActiveCampaign API, to try ac safely',
  seed: 'Fixtures: put known records into an account for tests, and take them out again',
  seed: 'Create, then clean up, test records from a YAML or JSON file',

  accounts: 'Accounts (companies): their contacts, notes, custom fields',
  'accounts:contacts': 'Linked contacts (accountContacts in the API)',
  'accounts:custom-field-values': 'Field values (accountCustomFieldData in the API)',
  'accounts:custom-fields': 'Fields (accountCustomFieldMeta in the API)',
  'accounts:notes': 'Notes on an account',

  addresses: 'Sender postal addresses shown in campaign footers',
  automations: 'Automations in your account',
  brandings: 'Branding: logo, colours and footer of emails and forms',
  calendars: 'Calendar feeds that share tasks with your calendar app',
  campaigns: 'Email campaigns: create, copy, edit, see links',

  contacts: 'People in your account: create, update, tag, subscribe, import',
  'contacts:activities': "A contact's recent activity",
  'contacts:automations': 'Automation entries (contactAutomations in the API)',
  'contacts:contact-tags': 'Tags on contacts, as links (contactTags in the API)',
  'contacts:custom-fields': 'Custom fields, options, lists (fields in the API)',
  'contacts:email-activities': 'Email activity (emailActivities in the API)',
  'contacts:field-groups': 'Custom field groups (groupDefinitions in the API)',
  'contacts:field-groups:members': 'Fields of a group (groupMembers in the API)',
  'contacts:field-values': 'Custom field values (fieldValues in the API)',
  'contacts:lists': 'List subscriptions (contactLists in the API)',

  'custom-objects': 'Custom object types you define, and their records',
  'custom-objects:records': 'Records of a custom object',
  'custom-objects:schemas': 'Object types and their fields (schemas in the API)',

  deals: 'Deals in your pipelines: stages, tasks, notes, custom fields',
  'deals:activities': 'Deal activity history (dealActivities in the API)',
  'deals:contacts': 'Secondary contacts (contactDeals in the API)',
  'deals:custom-field-values': 'Field values (dealCustomFieldData in the API)',
  'deals:custom-fields': 'Fields (dealCustomFieldMeta in the API)',
  'deals:notes': 'Notes on a deal',
  'deals:pipelines': 'Deal pipelines (dealGroups in the API)',
  'deals:roles': 'Roles of secondary contacts (dealRoles in the API)',
  'deals:stages': 'Pipeline stages (dealStages in the API)',
  'deals:task-outcomes': 'Outcomes a task can be completed with',
  'deals:task-types': 'Task types (dealTasktypes in the API)',
  'deals:task-types:outcomes': 'Allowed outcomes (tasktypeOutcomeRels in the API)',
  'deals:tasks': 'Tasks on deals and contacts (dealTasks in the API)',
  'deals:tasks:reminders': 'Task reminders (taskNotifications in the API)',

  ecommerce: 'E-commerce data from connected stores: customers, orders',
  'ecommerce:connections': 'Connected stores and integrations',
  'ecommerce:customers': 'Store customers (ecomCustomers in the API)',
  'ecommerce:order-products': 'Products on orders (ecomOrderProducts in the API)',
  'ecommerce:orders': 'Store orders (ecomOrders in the API)',

  'email-editor': 'The email designer: config, personalization tags, markup',
  'email-editor:markup': "A message's email designer markup",
  'event-tracking': 'Event tracking: switch on or off, track events',
  'event-tracking:events': 'Tracked event names (eventTrackingEvents in the API)',
  forms: 'Sign-up forms and their opt-in confirmations',
  groups: 'User groups: the permissions your users have',
  'groups:limits': 'Sending and contact limits of user groups',
  lists: 'Lists contacts subscribe to, exclusions, group permissions',
  'lists:exclusions': 'Exclusion list: email addresses kept off your lists',
  'lists:group-permissions': 'Which user groups see a list (listGroups in the API)',
  messages: 'Email messages of campaigns',
  notes: 'Notes on contacts, deals and accounts',
  personalizations: 'Personalization variables you insert into emails',
  'saved-responses': 'Reusable replies for one-to-one emails',
  scores: 'Contact and deal scores',
  segments: 'Segments: saved conditions that pick contacts',
  settings: 'Account settings',
  'site-tracking': 'Site tracking: tracking code, on or off, whitelisted domains',
  'site-tracking:domains': 'Whitelisted domains (siteTrackingDomains in the API)',
  'site-tracking:whitelist': 'URL whitelist (prism/urlWhitelistings in the API)',
  tags: 'Tags you put on contacts',
  templates: 'Email templates and their share links',
  users: 'Users who log in to your account',
  webhooks: 'Webhooks: calls to your URL when things happen',
  'webhooks:events': 'Events a webhook can listen for',
}

/** Every topic of these command ids: `deals:pipelines:list` → deals, deals:pipelines. */
export function topicsOf(ids) {
  const topics = new Set()
  for (const id of ids) {
    const parts = id.split(':')
    for (let n = 1; n < parts.length; n++) topics.add(parts.slice(0, n).join(':'))
  }
  return topics
}

/**
 * `oclif.topics` for these topics, keys sorted. Fails when a topic has no description or a
 * description breaks the house style; returns the table entries no topic used, to report.
 */
export function topicDescriptions(topics) {
  const names = [...topics].sort()
  const missing = names.filter((t) => !Object.hasOwn(TOPICS, t))
  if (missing.length) fail(`scripts/gen/topics.js: no description for topic(s) ${missing.join(', ')}`)
  const out = {}
  for (const name of names) {
    const description = TOPICS[name]
    if (typeof description !== 'string' || !/^[A-Z]/.test(description) || /[.\n]$|\n/.test(description) || description.length > 64) {
      fail(`scripts/gen/topics.js: ${name}: description must be one line of at most 64 characters, capitalised, without a final period`)
    }
    out[name] = {description}
  }
  const unused = Object.keys(TOPICS).filter((t) => !topics.has(t)).sort()
  return {topics: out, unused}
}
