// Deal-side bulk operations: move a stage's deals, move a task type's tasks, bulk owner
// update, and the custom-field-data bulk create/update endpoints.

import {ApiError, json} from '../errors.js'
import {bodyFields, createRecord, findRecord, isObject, renderAll, updateRecord} from '../records.js'
import {Layer, type Router} from '../router.js'
import type {SandboxState} from '../state.js'
import type {StoredRecord} from '../store.js'

function invalidAttribute(detail: string, field: string): ApiError {
  return new ApiError(json(422, {errors: [{detail, source: {pointer: `/data/attributes/${field}`}, status: 422, title: 'Invalid attribute'}]}))
}

/** The body's array: a bare array, or the first array-valued property (`{"deals":[...]}`). */
function bodyItems(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body.filter(isObject)
  if (isObject(body)) {
    const array = Object.values(body).find(Array.isArray)
    if (array) return array.filter(isObject)
  }
  return []
}

export function registerDealRoutes(router: Router, state: SandboxState): void {
  const deals = state.collections.get('deals')
  const stages = state.collections.get('dealStages')
  const tasks = state.collections.get('dealTasks')
  const tasktypes = state.collections.get('dealTasktypes')

  router.add('PUT', '/dealStages/{id}/deals', Layer.Special, (request) => {
    const source = findRecord(state, stages, request.params.id)
    const targetId = String(bodyFields(request.body, 'deal').fields.stage ?? '')
    const target = state.store.get('dealStages', targetId)
    if (!target) throw invalidAttribute('Target stage does not exist', 'stage')
    if (String(target.group) !== String(source.group)) throw invalidAttribute('Target stage does not belong to same pipeline', 'stage')
    const moved = state.store.filter('deals', (deal) => deal.stage === source.id)
      .map((deal) => updateRecord(state, deals, deal.id, {stage: target.id, group: target.group}).record)
    return json(200, {deals: renderAll(state, deals, moved)})
  })

  router.add('PUT', '/dealTasktypes/{id}/dealTasks', Layer.Special, (request) => {
    const source = findRecord(state, tasktypes, request.params.id)
    const targetId = String(bodyFields(request.body, 'dealTask').fields.dealTasktype ?? '')
    if (!state.store.get('dealTasktypes', targetId)) throw invalidAttribute('Target task type does not exist', 'dealTasktype')
    const moved = state.store.filter('dealTasks', (task) => task.dealTasktype === source.id)
      .map((task) => updateRecord(state, tasks, task.id, {dealTasktype: targetId}).record)
    return json(200, {dealTasks: renderAll(state, tasks, moved)})
  })

  // `{"deals":[{"id":1,"ownerId":2}]}` → which changed, which already had that owner, which failed.
  router.add(['PATCH', 'PUT'], '/deals/bulkUpdate', Layer.Special, (request) => {
    const items = bodyItems(request.body)
    const ownerless = items.find((item) => item.ownerId === undefined || item.ownerId === null || item.ownerId === '')
    if (ownerless) {
      throw new ApiError(json(422, {errors: [{status: 422, title: `ownerId is required for a deal '${String(ownerless.id ?? '')}'.`}]}))
    }
    const outcome: {success: string[]; nochange: string[]; failed: string[]} = {success: [], nochange: [], failed: []}
    for (const item of items) {
      const id = String(item.id ?? '')
      const deal = state.store.get('deals', id)
      if (!deal) outcome.failed.push(id)
      else if (String(deal.owner) === String(item.ownerId)) outcome.nochange.push(id)
      else {
        updateRecord(state, deals, id, {owner: String(item.ownerId)})
        outcome.success.push(id)
      }
    }
    return json(200, outcome)
  })

  const customData = [
    {name: 'accountCustomFieldData', parentKey: 'customerAccountId', alias: 'accountId', label: 'AccountCustomFieldDatas'},
    {name: 'dealCustomFieldData', parentKey: 'dealId', alias: 'dealId', label: 'DealCustomFieldDatas'},
  ]
  for (const {name, parentKey, alias, label} of customData) {
    const description = state.collections.get(name)
    router.add('POST', `/${name}/bulkCreate`, Layer.Special, (request) => {
      for (const item of bodyItems(request.body)) createRecord(state, description, {[parentKey]: item[alias], ...item})
      return json(200, {message: 'the bulk insert was successful'})
    })
    router.add(['PATCH', 'PUT'], `/${name}/bulkUpdate`, Layer.Special, (request) => {
      const updated: StoredRecord[] = bodyItems(request.body).map((item) => {
        const {id, ...fields} = item
        return updateRecord(state, description, findRecord(state, description, String(id ?? '')).id, fields).record
      })
      return json(200, {message: `${label} with ID(s): ${updated.map((record) => record.id).join(', ')} successfully bulk updated.`})
    })
  }
}
