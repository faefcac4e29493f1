// Catalogue operations no handler knows: answered 200 with the documented example (or {}),
// after checking that the record the path names exists. A parent's undescribed children
// (`/contacts/{id}/bounceLogs`) answer an empty list rather than the example's invented rows.

import type {Operation} from '../../spec/types.js'
import type {CollectionDescription} from '../collection.js'
import {json} from '../errors.js'
import {findRecord, isObject} from '../records.js'
import {Layer, parsePattern, type RouteRequest, type Router} from '../router.js'
import type {SandboxState} from '../state.js'

function ownerCollection(state: SandboxState, operation: Operation): CollectionDescription | undefined {
  const segments = parsePattern(operation.path)
  for (const description of state.collections.all) {
    for (const path of state.collections.pathsOf(description)) {
      const literals = path.split('/')
      const fits = literals.every((literal, index) => {
        const segment = segments[index]
        return segment !== undefined && 'literal' in segment && segment.literal === literal
      })
      const idSegment = segments[literals.length]
      if (fits && idSegment && 'param' in idSegment && segments.length > literals.length + 1) return description
    }
  }
  return undefined
}

function answer(state: SandboxState, operation: Operation, owner: CollectionDescription | undefined, request: RouteRequest) {
  const segments = parsePattern(operation.path)
  if (owner) {
    const idSegment = segments[state.collections.pathOf(owner).split('/').length]
    if (idSegment && 'param' in idSegment) findRecord(state, owner, request.params[idSegment.param])
  }
  const example = state.examples[`${operation.method} ${operation.path}`]
  const last = segments.at(-1)
  const childList = owner && operation.method === 'GET' && last && 'literal' in last ? last.literal : undefined
  if (childList && (example === undefined || operation.paged || (isObject(example) && Array.isArray(example[childList])))) {
    return json(200, {[operation.responseKey ?? childList]: [], meta: {total: '0'}})
  }
  // A list whose documented answer holds no list (or none at all) is an empty list, not `{}`.
  const documentsList = isObject(example) && Object.values(example).some(Array.isArray)
  if (operation.paged && !documentsList && last && 'literal' in last) {
    return json(200, {[operation.responseKey ?? last.literal]: [], meta: {total: '0'}})
  }

  return json(200, example ?? {})
}

export function registerCatalogueRoutes(router: Router, state: SandboxState, operations: Operation[]): void {
  for (const operation of operations) {
    const owner = ownerCollection(state, operation)
    router.add(operation.method, operation.path, Layer.Catalogue, (request) => answer(state, operation, owner, request))
  }
}
