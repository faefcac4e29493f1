// Everything a handler may touch, in one object built by the server.

import type {CollectionRegistry} from './collection.js'
import type {ImportBatches} from './handlers/imports.js'
import type {WindowQuota} from './rate-limit.js'
import type {Store} from './store.js'

export interface SandboxState {
  store: Store
  collections: CollectionRegistry
  /** `http://127.0.0.1:PORT/api/3`, for the absolute URLs in `links`. */
  baseUrl: string
  /** Documented success examples keyed `METHOD /path` (may be empty). */
  examples: Record<string, unknown>
  imports: ImportBatches
  /** How long a bulk import takes to complete; 0 completes it at once. */
  importDelayMs: number
  /** /import/bulk_import's own quotas; undefined while the import quota is off. */
  importQuotas?: {all: WindowQuota; single: WindowQuota}
  /** Called after the store changed outside a request (an import completing): saves the data file. */
  changed?: () => void
}
