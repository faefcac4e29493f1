// Which fields point at another resource. Read by the input side (names accepted in flags) and
// the output side (names shown in terminal tables) alike, through referenceTarget().

export interface Reference {
  to: string
  /** Only in these resources: a user's `group` is a user group, a deal's is a pipeline. */
  in?: string[]
  /** Never in these: a personalization's `tag` is its own merge tag, not a contact tag. */
  notIn?: string[]
}

/**
 * Body fields and query parameters that point at another resource, and accept its name as
 * well as its id: `--tag VIP`, `--list Newsletter`, `--group Sales`, `--stage Qualified`.
 */
export const references: Record<string, Reference> = {
  tag: {to: 'tags', notIn: ['personalizations']},
  tagid: {to: 'tags'},
  list: {to: 'lists'},
  listid: {to: 'lists'},
  group: {to: 'dealGroups', in: ['deals', 'dealStages']},
  d_groupid: {to: 'dealGroups', in: ['dealStages']},
  pipeline: {to: 'dealGroups'},
  stage: {to: 'dealStages'},
  // A field value's owner is its contact, not a user.
  owner: {to: 'users', notIn: ['fieldValues']},
  assignee: {to: 'users'},
  user: {to: 'users'},
  userid: {to: 'users'},
  account: {to: 'accounts'},
  customeraccountid: {to: 'accounts'},
  contact: {to: 'contacts'},
  subscriber: {to: 'contacts'},
  deal: {to: 'deals'},
  dealid: {to: 'deals'},
  automation: {to: 'automations'},
  seriesid: {to: 'automations', in: ['contactAutomations']},
  dealtasktype: {to: 'dealTasktypes'},
  role: {to: 'dealRoles', in: ['contactDeals']},
  field: {to: 'fields', in: ['fieldValues', 'fieldRels', 'fieldOption']},
  // A field's list link names the list; a task's or a note's relid is whatever it hangs on.
  relid: {to: 'lists', in: ['fieldRels']},
}

/** The field a filter is on: `filters[stage]` → `stage`, `filters[cdate][gt]` → `cdate`; other names as they are. */
export function filterField(name: string): string {
  return /^filters?\[([^\]]+)\]/.exec(name)?.[1] ?? name
}

