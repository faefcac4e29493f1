// What a fresh sandbox account holds: the admin user, and for the read-only resources
// (automations, campaigns, forms...) the records of their documented list example.

import {ADMIN_USER} from './handlers/account.js'
import {isObject} from './records.js'
import type {SandboxState} from './state.js'
import {apiTimestamp} from './time.js'

export function seedInitialState(state: SandboxState): void {
  state.store.clear()
  state.imports.clear()
  const now = apiTimestamp()
  state.store.put('users', {...ADMIN_USER, cdate: now, udate: now})
  for (const description of state.collections.all) {
    if (!description.fixtures) continue
    const path = state.collections.pathOf(description)
    const list = state.examples[`GET /${path}`]
    const one = state.examples[`GET /${path}/{id}`]
    const key = state.collections.listKey(description)
    const rows = isObject(list) && Array.isArray(list[key]) ? list[key] as unknown[]
      : isObject(one) && isObject(one[description.singular]) ? [{id: '1', ...one[description.singular] as object}] : []
    for (const row of rows.filter(isObject)) {
      const {links: _links, id, ...fields} = row
      state.store.put(description.name, {...fields, id: id === undefined ? state.store.newId(description.name) : String(id)})
    }
  }
}
