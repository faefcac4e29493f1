// Flag and argument descriptions, as `ac COMMAND --help` shows them.
//
// The spec's own words, cleaned for a terminal: its typos fixed, its pointers to pages and
// tables the terminal cannot show dropped, `deal.contact`-style references turned into the
// flags that set them (`--contact`), `id` written ID. Where the spec says nothing, or only
// the field's own name (`fields`, `note`, `unknown`), DESCRIPTIONS says it. `checkDescriptions`
// fails the generator on any flag or argument left without a real description.

import {fail, kebab} from './util.js'

/** Spelling and wording slips of the spec, fixed wherever they appear. */
const TYPOS = [
  [/[‘’]/g, "'"],
  [/[“”]/g, '"'],
  [/\bThe The\b/g, 'The'],
  [/\bthe the\b/g, 'the'],
  [/qouted/g, 'quoted'],
  [/Possible Vales/g, 'Possible values'],
  [/Possible Values/g, 'Possible values'],
  [/opt-ed in/g, 'opted in'],
  [/recieve/g, 'receive'],
  [/\bwitch\b/g, 'which'],
  [/non-removeable/g, 'non-removable'],
  [/persistant/g, 'persistent'],
  [/\bbasic on\b/g, 'based on'],
  [/\bcan contains\b/g, 'can contain'],
  [/\ban user\b/g, 'a user'],
  [/\bNum of\b/g, 'Number of'],
  [/\bfield metum\b/g, 'field'],
  [/\bONLY REQUIRED IF EXTERNALCHECKOUTID NOT INCLUDED\b/g, 'Required unless --external-checkout-id is given'],
  [/\bONLY REQUIRED IF EXTERNALID IS NOT INCLUDED\b/g, 'Required unless --external-id is given'],
  [/\bREQUIRED ONLY IF INCLUDING EXTERNALCHECKOUTID\b/g, 'Required with --external-checkout-id'],
  [/\(ONLY AVAILABLE FOR CERTAIN PLANS\)/g, '(some plans only)'],
  [/\bDeprecated - no longer used\b|\bNo longer Used\b/g, 'deprecated, no longer used'],
]

/** API names (camelCase) in descriptions, in the words a user knows. */
const JARGON = [
  [/\bcontactAutomation\b/g, 'automation entry'],
  [/\bdealCustomFieldData\b/g, 'custom field value'],
  [/\bfieldValue\b/g, 'custom field value'],
  [/\bcontactTag\b/g, 'contact-tag link'],
  [/\bAddressGroup\b/g, 'address-to-group link'],
  [/\bAddressList\b/g, 'address-to-list link'],
  [/\bautomationId\/seriesIds\b/g, 'automation IDs'],
  [/\bdataType\b/g, 'data type'],
  [/\bdataId\b/g, 'data ID'],
  [/\buserId\b/g, 'user ID'],
]

/** Pointers to documentation the terminal cannot show, and filler. */
const NOISE = [
  /\s*\((?:see|See) (?:relationships table|notes?|Response Details|supported operators below)\)/g,
  /\.?\s*See (?:available (?:values|options)|supported operators below)\.?/g,
  /^\(optional\)\s*/i,
  /^Required\s+(?=[A-Z])/,
  /\s*\(see Response [Dd]etails\)/g,
]

/**
 * Descriptions by `COMMAND NAME` (one operation) or `RESOURCE NAME` (every operation on that
 * API resource), NAME being the API's field or parameter name; path arguments as `COMMAND <NAME>`.
 */
export const DESCRIPTIONS = {
  // accounts
  'accounts <id>': 'Account ID',
  'accounts <accountId>': 'ID of the account the note is on',
  'accounts:notes:update <id>': 'ID of the note',
  'accounts note': 'Text of the note',
  'accounts owner': 'User ID of the account owner',
  'accounts fields': 'Custom field values as JSON: [{"customFieldId": 1, "fieldValue": "Blue"}]',
  'accountCustomFieldData <id>': 'ID of the custom field value',
  'accountCustomFieldData customFieldId': 'ID of the custom field this value is for',
  'accountCustomFieldData fieldValue': 'Value of the field (currency fields: in cents, 10050 = 100.50)',
  'accounts:custom-field-values:update fieldValue': 'New value of the field (currency fields: in cents)',
  'accountCustomFieldMeta fieldType': 'Type of field: text, textarea, date, datetime, dropdown, multiselect, radio, checkbox, hidden, currency or number',
  'accountCustomFieldMeta fieldOptions': 'Options as JSON, for dropdown, multiselect, radio and checkbox fields',
  'accountCustomFieldMeta fieldDefaultCurrency': 'Default currency (3-letter code) of a currency field',
  'accounts count_deals': 'Also count each account\'s contacts and deals (contactCount, dealCount); without it both show 0',

  // addresses
  'addresses groupid': 'ID of the user group that may use the address',
  'addresses global': 'Whether every user group may use the address (1 or 0)',
  'addresses allgroup': 'Whether all user groups may use the address (1 or 0)',
  'addresses company_name': 'Company or organization name shown in the footer',
  'addresses address_1': 'Street address, first line',
  'addresses address_2': 'Street address, second line',
  'addresses city': 'City or town',
  'addresses state': 'State, province or region',
  'addresses zip': 'ZIP or postal code',
  'addresses district': 'District, for countries that use one',
  'addresses country': 'Two-letter country code (US, CA, MX)',
  'addresses is_default': 'Make this the default address (1 or 0)',

  // automations, brandings, campaigns, forms, webhooks: bare `id` arguments
  'automations:get <id>': 'Automation ID',
  'brandings:get <id>': 'Branding ID',
  'brandings groupid': 'User group ID (always 3)',
  'brandings siteLogo': 'URL of the logo',
  'brandings copyright': 'Show the copyright notice (1 or 0)',
  'brandings version': 'Show the software version (1 or 0)',
  'brandings license': 'Show the license notice (1 or 0)',
  'brandings help': 'Show help links (1 or 0)',
  'brandings links': 'Give any value to remove the ActiveCampaign links (branding); leave out to keep them',
  'campaigns:update <id>': 'Campaign ID',
  'campaigns:copy <id>': 'ID of the campaign to copy',
  'campaign name': 'Campaign name',
  'campaign type': 'Campaign type: single, recurring, split, responder, reminder, special, activerss or text',
  'campaign canSplitContent': 'Whether the campaign may have split content',
  'campaigns segmentId': 'Segment ID (a number or a string ID)',
  'campaigns listIds': 'List IDs as JSON: [1, 2]',
  'campaigns sendToExistingSubscribers': 'Send only to existing subscribers',
  'campaigns reminderField': 'Date field the reminder is based on',
  'campaigns splitWinnerWaitPeriod': 'How long a split test runs before the winner is sent',
  'campaigns splitWinnerWaitPeriodType': 'Unit of --split-winner-wait-period',
  'forms:update <id>': 'Form ID',
  'forms:delete <id>': 'Form ID',
  'webhooks:get <id>': 'Webhook ID',
  'webhooks events': 'Events that fire the webhook, as JSON: ["subscribe", "unsubscribe"] (see ac webhooks events list)',
  'webhooks sources': 'Sources that fire it, as JSON: ["public", "admin", "api", "system"]',
  'webhooks listid': 'ID of the list whose events fire the webhook (some events need one)',
  'personalizations:lock <id>': 'Variable ID',
  'personalizations:unlock <id>': 'Variable ID',
  'personalizations <id>': 'Variable ID',
  'personalizations tag': 'Personalization tag of the variable, used in emails as %TAG%',
  'personalizations name': 'Name of the variable',
  'personalizations format': 'Format: html or text',
  'personalizations content': 'Content the variable is replaced with',
  'personalizations listids': 'Comma-separated IDs of the lists that may use it: 2,3,4',
  'personalizations ids': 'Comma-separated IDs of the variables to delete: 1,2,3',
  'email-editor:markup:get <id>': 'Message ID',
  'stripo campaignId': 'ID of the campaign being edited',
  'stripo scope': 'Comma-separated tag groups: contacts, accounts, deals, customobjects, message, messageVariables, social, surveymonkey, dropbox, ecom',

  // contacts
  'contacts:score-values <id>': 'ID of the contact',
  'contacts:delete <id>': 'ID of the contact',
  'contacts:automations:by-contact <id>': 'ID of the contact',
  'contacts orgid': '(Deprecated) Use ac accounts contacts create',
  'contacts organization': '(Deprecated) Use ac accounts contacts list. Organization ID',
  'contacts fieldValues': 'Custom field values as JSON: [{"field": "1", "value": "Blue"}] (or use --field)',
  'contact fieldValues': 'Custom field values as JSON: [{"field": "1", "value": "Blue"}] (or use --field)',
  'contacts:create email': 'Email address of the new contact (optional with --allow-null-email on a phone-only account)',
  'contacts ids[]': 'Only this contact ID (repeatable)',
  'contacts segmentid': 'Only contacts in this segment (the first request in an hour, or --force-query 1, starts a new segment search)',
  'contacts forceQuery': 'Give 1 to recompute the --segment-id results (otherwise they are cached for an hour)',
  'contacts sortId': 'With --sort score or a custom field: the ID of that score or custom field',
  'contacts status': 'Only contacts with this status: -1 any, 0 unconfirmed, 1 active, 2 unsubscribed, 3 bounced',
  'contact firstName': 'First name of the contact',
  'contact lastName': 'Last name of the contact',
  'contact phone': 'Phone number of the contact',
  'contact orgid': '(Deprecated) Use ac accounts contacts create',
  'contact deleted': '(Deprecated) Use ac contacts delete',
  'contacts deleted': '(Deprecated) Use ac contacts delete',
  'activities contact': 'ID of the contact',
  'activities include': 'Related records to include, comma-separated (notes, recipients, reference, reference.automation, reference.campaign, reference.contact and others)',
  'activities emails': 'Include email data in each activity (true or false)',
  'activities after': 'Only activities after this date and time (2024-01-31T00:00:00-06:00)',
  'contactAutomations contact': 'ID of the contact to add',
  'contactAutomations automation': 'ID of the automation',
  'contactTags contact': 'ID of the contact',
  'contactTags tag': 'ID of the tag',
  'contactTags <id>': 'ID of the contact-tag link (from ac contacts contact-tags by-contact)',
  'contactLists status': '1 to subscribe the contact to the list, 2 to unsubscribe',
  'contactLists sourceid': 'Give 4 when re-subscribing a contact who unsubscribed',
  'import contacts': 'Contacts as JSON, up to 250: [{"email": "ann@example.com", "first_name": "Ann", "tags": ["VIP"], "subscribe": [{"listid": 1}]}]',
  'import callback': 'Where to report when the import is done, as JSON: {"url": "https://example.com/imported", "requestType": "POST"}',
  'import batchId': 'Batch ID returned by ac contacts bulk-import',
  'fieldRels field': 'ID of the custom field',
  'fieldRels relid': 'ID of the list (0: every list)',
  'fields type': 'Field type: dropdown, hidden, checkbox, date, datetime, text, textarea, listbox or radio',
  'fields descript': 'Description of the field',
  'fields perstag': 'Personalization tag of the field (FAVORITE_COLOR, used in emails as %FAVORITE_COLOR%)',
  'fields defval': 'Default value of the field',
  'fields ordernum': 'Position of the field in the My Fields tab',
  'fields rows': 'Rows of a textarea field (deprecated, no longer used)',
  'fields cols': 'Columns of a textarea field (deprecated, no longer used)',
  'fields service': 'Integration the field belongs to (salesforce, shopify, zendesk, pipedrive and others)',
  'fields visible': 'Show the field in the form builder (1 or 0)',
  'contacts:custom-fields:delete <id>': 'ID of the custom field',
  'fieldOption fieldOptions': 'Options as JSON: [{"field": "62", "label": "Option X", "value": "X", "orderid": 1}]',
  'groupDefinitions label': 'Name of the field group',
  'groupDefinitions ordernum': 'Position of the field group',
  'groupDefinitions groupType': 'Group type (a number)',
  'groupMembers <id>': 'ID of the field group membership',
  'groupMembers rel_id': 'ID of the custom field',
  'groupMembers group_id': 'ID of the field group',
  'groupMembers ordernum': 'Position within the field group (leave out to add at the end)',
  'fieldValues fieldValue': 'The value as JSON: {"contact": 2, "field": 3, "value": "Blue"}',
  'fieldValues useDefaults': 'Also fill the contact\'s other required fields with their default values',
  'fieldValues <id>': 'ID of the custom field value',
  'trackingLogs <eventId>': 'ID of the tracking event',
  'geoIps <id>': 'ID of the geo IP record',

  // custom objects
  'customObjects <schemaId>': 'ID of the schema (object type) the records belong to',
  'customObjects <id>': 'Schema ID',
  'custom-objects:records:get <id>': 'Record ID',
  'custom-objects:records:delete <id>': 'Record ID',
  'custom-objects:schemas:create-child <id>': 'ID of the parent schema to extend',
  'records <schemaId>': 'ID of the schema (object type) the record belongs to',
  'records <externalId>': 'External ID of the record',
  'custom-objects:records:create id': 'Record ID (to update that record)',
  'custom-objects:records:create externalId': 'Your own ID for the record',
  'custom-objects:records:create fields': 'Field values as JSON: [{"id": "my-number-field", "value": 100}]',
  'custom-objects:records:create relationships': 'Related records as JSON: {"primary-contact": [14]}',
  'custom-objects:records:create schemaId': 'Schema ID, inside the record (as the API\'s example sends it)',
  'customObjects slug': 'Identifier of the object type, used in URLs (my-object)',
  'customObjects labels': 'Names as JSON: {"singular": "Ticket", "plural": "Tickets"}',
  'customObjects description': 'Description of the schema',
  'customObjects fields': 'Fields as JSON: [{"id": "total", "labels": {"singular": "Total", "plural": "Totals"}, "type": "number"}]',
  'customObjects relationships': 'Relationships as JSON: [{"id": "primary-contact", "namespace": "contacts", "hasMany": false}]',
  'customObjects icons': 'Icons as JSON: {"default": "https://example.com/icon.png"}',
  'customObjects appId': 'ID of the app that owns the public schema',
  'customObjects showFields': 'Give all to also show hidden (recently deleted) fields',

  // deals
  'deals <id>': 'Deal ID',
  'deals <dealId>': 'ID of the deal the note is on',
  'deals:notes:update <id>': 'ID of the note',
  'deals note': 'Text of the note',
  'deals deals': 'Deals and their new owners, as JSON: [{"id": 1, "ownerId": 2}]',
  'deals:create account': 'Account ID (give --account or --contact)',
  'deals:create contact': 'Primary contact ID (give --contact or --account)',
  'deals:create group': 'Pipeline ID (or give --stage, and its pipeline is used)',
  'deals:create stage': 'Stage ID (or give --group, and its first stage is used)',
  'deals:update group': 'Pipeline ID (--stage must belong to it)',
  'deals:update stage': 'Stage ID (it must belong to the deal\'s pipeline)',
  'deals value': 'Value in cents ($456.78 is 45678), zero or more',
  'deals currency': 'Currency, 3-letter ISO code in lower case: usd, eur',
  'deals status': 'Status: 0 open, 1 won, 2 lost',
  'deals fields': 'Custom field values as JSON: [{"customFieldId": 1, "fieldValue": "Blue"}] (or use --field)',
  'dealCustomFieldData <id>': 'ID of the custom field value',
  'dealCustomFieldData customFieldId': 'ID of the custom field this value is for',
  'dealCustomFieldData fieldValue': 'Value of the field (currency fields: in cents, 10050 = 100.50)',
  'deals:custom-field-values:update fieldValue': 'New value of the field (currency fields: in cents)',
  'dealCustomFieldMeta fieldType': 'Type of field: text, textarea, date, datetime, dropdown, multiselect, radio, checkbox, hidden, currency or number',
  'dealCustomFieldMeta fieldOptions': 'Options as JSON, for dropdown, multiselect, radio and checkbox fields',
  'dealCustomFieldMeta fieldDefaultCurrency': 'Default currency (3-letter code) of a currency field',
  'dealGroups allgroups': 'Who may manage the pipeline: 1 every user group, 0 only those in --groups',
  'dealGroups allusers': 'Who new deals are assigned to: 1 every user, 0 only those in --users',
  'dealGroups autoassign': 'Auto-assign new deals: 0 off, 1 round robin, 2 by deal value',
  'dealGroups users': 'User IDs to assign new deals to, as JSON: [1, 2]',
  'dealGroups groups': 'User group IDs that may manage the pipeline, as JSON: [1, 2]',
  'dealGroups currency': 'Default currency of the pipeline\'s deals (3-letter code: usd)',
  'dealGroup dealIds[]': 'Deal ID (repeatable)',
  'dealGroup userId': 'ID of the user',
  'dealRoles search': 'Only roles whose title contains this',
  'dealStages reorder': 'Give 1 to renumber the order of the pipeline\'s stages after this one',
  'dealStages order': 'Position of the stage in its pipeline (default: last)',
  'dealStages dealOrder': 'How deals in the stage are sorted: FIELD ASC|DESC (next-action DESC, title ASC)',
  'dealStages cardRegion3': 'Show the avatar on deal cards: show-avatar or hide-avatar',
  'dealStages color': 'Colour: 6 hex digits without # (434343)',
  'dealStages width': 'Width of the stage in pixels (a number, no px)',
  'dealStages group': 'Pipeline ID of the stage',
  'dealStages stage': 'ID of the stage to move the deals to',
  'taskOutcomes sentiment': 'Sentiment: Positive, Neutral or Negative',
  'taskOutccomes sentiment': 'Sentiment: Positive, Neutral or Negative',
  'taskOutcomes disabled': '1 to disable the outcome, 0 to keep it active',
  'taskOutccomes disabled': '1 to disable the outcome, 0 to keep it active',
  'dealTasktypes status': 'Status: 0 active, 1 disabled',
  'dealTasktypes dealTasktype': 'ID of the task type to move the tasks to',
  'dealTasks ownerType': 'What the task is on: contact or deal',
  'dealTasks relid': 'ID of the contact or deal the task is on (see --owner-type)',
  'dealTasks duedate': 'Due date and time (2024-07-01T10:00:00-05:00)',
  'dealTasks edate': 'End date and time (2024-07-01T11:00:00-05:00)',
  'dealTasks dealTasktype': 'Task type ID (see ac deals task-types list)',
  'dealTasks assignee': 'ID of the user the task is assigned to',
  'dealTasks status': 'Status: 0 incomplete, 1 complete',
  'dealTasks outcomeId': 'Task outcome ID, needed when completing the task',
  'tasktypeOutcomeRels title': 'Title of the outcome',
  'taskNotifications dealTask': 'ID of the task',
  'taskNotifications interval': 'Minutes before the due date to remind the assignee',

  // e-commerce
  'connections externalid': 'ID of the account in the external service',
  'connections service': 'Name of the external service',
  'ecommerce:connections:create linkUrl': 'URL of the page where the integration is managed on the external service',
  'ecomCustomers connectionid': 'ID of the connection the customer comes from',
  'ecomCustomers acceptsMarketing': 'Whether the customer accepts marketing: 1 opted in, 0 not',
  'ecomOrders source': 'Source: 1 real time (shows on the dashboard and starts automations), 0 historical',
  'ecomOrders orderProducts': 'Products as JSON: [{"externalid": "PROD12345", "name": "Pogo Stick", "price": 4900, "quantity": 1}]',
  'ecomOrders orderDiscounts': 'Discounts as JSON: [{"name": "1OFF", "type": "order", "discountAmount": 100}]',
  'ecomOrders totalPrice': 'Total in cents, tax and shipping included ($456.78 is 45678)',
  'ecomOrders connectionid': 'ID of the connection the order comes from',
  'ecomOrders customerid': 'ID of the e-commerce customer who placed it',
  'ecomOrders externalCreatedDate': 'When the order was placed (2024-07-01T10:00:00-05:00)',
  'ecomOrders externalUpdatedDate': 'When the order was last updated',
  'ecomOrders abandonedDate': 'When the cart was abandoned (with --external-checkout-id)',
  'ecomOrders orderNumber': 'Order number in your store (may differ from --external-id)',

  // event and site tracking
  'eventTrackingEvents <name>': 'Name of the event',
  'siteTrackingDomains name': 'Domain to whitelist (example.com)',
  'siteTrackingDomains <name>': 'Domain to remove from the whitelist (example.com)',
  'prism name': 'Domain to whitelist (example.com)',
  'prism <id>': 'ID of the whitelisted domain (see ac site-tracking whitelist list)',
  'localevent tstamp': 'When the event happened',
  'localevent input': 'The event as JSON text: {"event": "__pagevisit", "url": "www.example.com"}',

  // groups, lists, messages, notes, tags, users
  'groups title': 'Title of the group',
  'groups descript': 'Description of the group',
  'groups pgAutomationManage': 'Permission for managing automations',
  'lists stringid': 'URL-safe name of the list (list-name-sample)',
  'lists user': 'User ID of the list owner (the owner controls campaign branding)',
  'lists send_last_broadcast': 'Send the last campaign to each new subscriber (1 or 0)',
  'lists:exclusions:update channel': 'What the exclusion covers: all, allSms, allEmail, or several (with --lists)',
  'lists:exclusions:update lists': 'List IDs as JSON strings, only with --channel several: ["1", "2"]',
  'listGroups listid': 'ID of the list',
  'listGroups groupid': 'ID of the user group that may see the list',
  'messages fromname': 'Name of the sender',
  'messages fromemail': 'Email address of the sender',
  'messages email': 'Email address of the sender (the API\'s schema name for --from-email)',
  'messages reply2': 'Address replies go to',
  'messages preheader_text': 'Preheader: the preview text shown after the subject',
  'notes reltype': 'What the note is on: Activity, Deal, DealTask, Subscriber (a contact) or CustomerAccount (an account)',
  'notes relid': 'ID of the record the note is on (see --rel-type)',
  'notes note': 'Text of the note',
  'tags tag': 'Name of the tag',
  'tags tagType': 'Type of tag: contact or template',
  'users username': 'Login name of the user',
  'users email': 'Email address of the user',
  'users firstName': 'First name of the user',
  'users lastName': 'Last name of the user',
  'users group': 'ID of the user group the user belongs to',
  'users password': 'Password, in plain text',
  'users:update username': 'Login name (it cannot be changed)',
  'users <email>': 'Email address of the user',
  'users <username>': 'Login name of the user',
  'configs <id>': 'ID of the setting',
  'template id': 'ID of the campaign template to share',
}

/** `deal.contact`, `field_type`, `forceQuery=1` → the flag that sets it, when the operation has one. */
function flagReferences(text, op) {
  const settable = [...op.query.filter((q) => q.flag !== 'filter' && q.flag !== 'sort'), ...(op.body?.fields ?? [])]
  const flagOf = (name) => settable.find((f) => f.name === name || kebab(f.name) === kebab(name))?.flag
  return text.replace(/`([^`]+)`/g, (whole, inner) => {
    const assignment = /^([A-Za-z_]+(?:\.[A-Za-z_]+)?)\s*=\s*(\S+)$/.exec(inner)
    const name = (assignment ? assignment[1] : inner).split('.').pop()
    const flag = /^[A-Za-z_]+(?:\.[A-Za-z_]+)?$/.test(assignment ? assignment[1] : inner) ? flagOf(name) : undefined
    if (flag) return assignment ? `--${flag} ${assignment[2]}` : `--${flag}`
    return inner
  })
}

/** The spec's description, cleaned. */
export function polish(text, op) {
  let s = String(text ?? '')
  for (const [pattern, replacement] of TYPOS) s = s.replace(pattern, replacement)
  for (const [pattern, replacement] of JARGON) s = s.replace(pattern, replacement)
  for (const pattern of NOISE) s = s.replace(pattern, '')
  s = flagReferences(s, op)
  // id → ID, ids → IDs, except inside flag names (`--tag-id`) and code.
  s = s.replace(/(?<![-\w])(?:id|Id)(?![-\w])/g, 'ID').replace(/(?<![-\w])(?:ids|Ids|id's)(?![-\w'])/g, 'IDs')
  s = s.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '').replace(/[,:;]$/, '')
  return s ? s[0].toUpperCase() + s.slice(1) : s
}

const squash = (text) => String(text ?? '').toLowerCase().replace(/[^a-z0-9]/g, '')

/** Says nothing beyond the name (`fields`, `Preheader Text`, `unknown`, `required`). */
export function saysNothing(description, ...names) {
  const d = squash(description)
  return !d || ['unknown', 'required', 'optional', 'id', 'help'].includes(d) || names.some((n) => squash(n) === d)
}

/** Rewrites, in place, the description of every argument, query parameter and body field. */
export function polishDescriptions(operations) {
  const used = new Set()
  const look = (op, key) => {
    for (const k of [`${op.command} ${key}`, `${op.resource} ${key}`]) {
      if (DESCRIPTIONS[k] !== undefined) {
        used.add(k)
        return DESCRIPTIONS[k]
      }
    }
    return undefined
  }
  for (const op of operations) {
    for (const p of op.pathParams) {
      const text = look(op, `<${p.name}>`) ?? polish(p.description, op)
      p.description = text || undefined
    }
    for (const p of [...op.query, ...(op.body?.fields ?? [])]) {
      const text = look(op, p.name) ?? polish(p.description, op)
      p.description = text || undefined
    }
  }
  const unused = Object.keys(DESCRIPTIONS).filter((k) => !used.has(k))
  if (unused.length) fail(`scripts/gen/descriptions.js: DESCRIPTIONS entries match nothing: ${unused.join(', ')}`)
}

/** Fails on an argument or flag whose description is missing or only repeats its name. */
export function checkDescriptions(operations) {
  const bad = []
  for (const op of operations) {
    for (const p of op.pathParams) if (saysNothing(p.description, p.name, p.flag)) bad.push(`${op.command} <${p.name}>`)
    for (const p of op.query) {
      if (p.flag === 'filter' || p.flag === 'sort') continue
      if (saysNothing(p.description, p.name, p.flag)) bad.push(`${op.command} --${p.flag}`)
    }
    for (const f of op.body?.fields ?? []) if (saysNothing(f.description, f.name, f.flag)) bad.push(`${op.command} --${f.flag} (${f.name})`)
  }
  if (bad.length) fail(`flags and arguments without a description (add them to DESCRIPTIONS in scripts/gen/descriptions.js):\n  ${bad.join('\n  ')}`)
}
