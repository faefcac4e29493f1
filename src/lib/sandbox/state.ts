// Everything a handler may touch, in one object built by the server: the record context
// (store, descriptions, base URL) that the layers below handlers see, plus the import queue,
// the documented examples and the server's hooks.

import type {RecordContext} from './collection.js'
import type {ImportBatches} from './import-batches.js'
import type {WindowQuota} from './rate-limit.js'

export interface SandboxState extends RecordContext {
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
