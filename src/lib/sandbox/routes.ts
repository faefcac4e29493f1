// Every route the sandbox answers, in three layers (see router.ts for who wins).

import type {Operation} from '../spec/types.js'
import {registerAccountRoutes} from './handlers/account.js'
import {registerCustomObjectRoutes} from './handlers/custom-objects.js'
import {registerDealRoutes} from './handlers/deals.js'
import {registerCatalogueRoutes} from './handlers/fallback.js'
import {registerGenericRoutes} from './handlers/generic.js'
import {registerImportRoutes} from './handlers/imports.js'
import {Router} from './router.js'
import type {SandboxState} from './state.js'

export function buildRouter(state: SandboxState, operations: Operation[]): Router {
  const router = new Router()
  registerAccountRoutes(router, state)
  registerDealRoutes(router, state)
  registerImportRoutes(router, state)
  registerCustomObjectRoutes(router, state)
  registerGenericRoutes(router, state)
  registerCatalogueRoutes(router, state, operations)
  return router
}
