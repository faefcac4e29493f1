// The generic routes every described collection gets: list, create, get, update, delete,
// and its children below it (`/contacts/{id}/contactTags`, `/deals/{id}/notes`).

import type {CollectionDescription, ParentLink} from '../collection.js'
import {json} from '../errors.js'
import {first, includes, listResponse} from '../list.js'
import {bodyFields, createRecord, deleteRecord, findRecord, render, renderAll, updateRecord, type WriteResult} from '../records.js'
import {Layer, type Router} from '../router.js'
import type {SandboxState} from '../state.js'
import type {StoredRecord} from '../store.js'

/** The fields a polymorphic parent link sets (`{reltype:'Deal', relid:'12'}`), or the foreign key. */
function parentFields(link: ParentLink, parentId: string): Record<string, string> {
  if (typeof link === 'string') return {[link]: parentId}
  return Object.fromEntries(Object.entries(link).map(([field, value]) => [field, value.replace('{id}', parentId)]))
}

/** The write answer: the record under the body's wrapper key, plus nested and echoed siblings. */
export function writeResponse(state: SandboxState, description: CollectionDescription, key: string, result: WriteResult): ReturnType<typeof json> {
  const siblings: Record<string, unknown> = {}
  for (const [name, records] of Object.entries(result.nested)) {
    const nested = state.collections.get(name)
    siblings[state.collections.listKey(nested)] = renderAll(state, nested, records)
  }
  for (const field of description.echoReferences ?? []) {
    const target = state.collections.get(description.references![field])
    const referenced = state.store.get(target.name, String(result.record[field]))
    if (referenced) siblings[state.collections.listKey(target)] = [render(state, target, referenced)]
  }
  const status = result.created ? description.createStatus ?? 201 : 200
  return json(status, {...siblings, [key]: render(state, description, result.record)})
}

function oneResponse(state: SandboxState, description: CollectionDescription, record: StoredRecord, include?: string): Record<string, unknown> {
  const names = [...(description.sideloads ?? []), ...(include ? [include] : [])].join(',')
  const detail = description.detail?.(record, state) ?? {}
  const siblings = {...detail.siblings, ...includes(state, description, [record], names)}
  const ordered = Object.fromEntries(Object.keys(siblings).sort().map((key) => [key, siblings[key]]))
  return {...ordered, [description.singular]: render(state, description, {...record, ...detail.fields})}
}

function registerCollection(router: Router, description: CollectionDescription, state: SandboxState): void {
  for (const path of state.collections.pathsOf(description)) {
    router.add('GET', `/${path}`, Layer.Generic, (request) => json(200, listResponse(state, description, request.query)))
    router.add('POST', `/${path}`, Layer.Generic, (request) => {
      const {key, fields} = bodyFields(request.body, description.singular)
      return writeResponse(state, description, key, createRecord(state, description, fields))
    })
    router.add('GET', `/${path}/{id}`, Layer.Generic, (request) => {
      const record = findRecord(state, description, request.params.id)
      return json(200, oneResponse(state, description, record, first(request.query.include)))
    })
    router.add(['PUT', 'PATCH'], `/${path}/{id}`, Layer.Generic, (request) => {
      const {key, fields} = bodyFields(request.body, description.singular)
      const result = updateRecord(state, description, findRecord(state, description, request.params.id).id, fields)
      return writeResponse(state, description, key, result)
    })
    router.add('DELETE', `/${path}/{id}`, Layer.Generic, (request) => {
      deleteRecord(state, description, request.params.id)
      return json(200, {})
    })
  }
}

function registerChildren(router: Router, parent: CollectionDescription, state: SandboxState): void {
  for (const child of state.collections.childrenOf(parent.name)) {
    const link = child.belongsTo![parent.name]
    for (const parentPath of state.collections.pathsOf(parent)) {
      for (const childPath of [child.name, ...(child.aliases ?? [])]) {
        const base = `/${parentPath}/{id}/${childPath}`
        router.add('GET', base, Layer.Generic, (request) => {
          const owner = findRecord(state, parent, request.params.id)
          const match = Object.entries(parentFields(link, owner.id))
          return json(200, listResponse(state, child, request.query, (record) => match.every(([field, value]) => String(record[field]) === value)))
        })
        if (typeof link === 'string') continue
        // Polymorphic children (notes) are written below their parent too.
        router.add('POST', base, Layer.Generic, (request) => {
          const owner = findRecord(state, parent, request.params.id)
          const {key, fields} = bodyFields(request.body, child.singular)
          return writeResponse(state, child, key, createRecord(state, child, {...fields, ...parentFields(link, owner.id)}))
        })
        router.add(['PUT', 'PATCH'], `${base}/{childId}`, Layer.Generic, (request) => {
          findRecord(state, parent, request.params.id)
          const {key, fields} = bodyFields(request.body, child.singular)
          return writeResponse(state, child, key, updateRecord(state, child, findRecord(state, child, request.params.childId).id, fields))
        })
      }
    }
  }
}

export function registerGenericRoutes(router: Router, state: SandboxState): void {
  for (const description of state.collections.all) {
    if (description.noGenericRoutes) continue
    registerCollection(router, description, state)
    registerChildren(router, description, state)
  }
}
