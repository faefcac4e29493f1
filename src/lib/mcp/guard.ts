import {RefusedWrite} from '../client/client.js'
import {ExitCode} from '../errors.js'
import type {Operation} from '../spec/types.js'

// What each call may do, decided before anything is sent: reads always; changes with
// --allow-writes; deletes and bulk changes with --allow-deletes as well. The tool annotations
// say the same thing to the client, from the same catalogue entry.

export type Access = 'read' | 'write' | 'delete'

export interface Permissions {
  writes: boolean
  deletes: boolean
}

export interface ToolAnnotations {
  readOnlyHint: boolean
  destructiveHint: boolean
  idempotentHint: boolean
  openWorldHint: boolean
}

/** Bulk changes reach many records at once: they are held to the bar of a delete. */
function isBulk(operation: Operation): boolean {
  return /:bulk-/.test(operation.command)
}

export function accessOf(operation: Operation): Access {
  if (operation.method === 'GET') return 'read'
  if (operation.method === 'DELETE' || isBulk(operation)) return 'delete'
  return 'write'
}

/** POSTs that land in the same state when sent twice (API-FACTS: sync upserts, links are unique per pair). */
const idempotentPosts = new Set(['/contact/sync', '/contactTags', '/contactLists'])

export function annotationsOf(operation: Operation): ToolAnnotations {
  const read = operation.method === 'GET'
  // PUT and PATCH overwrite what was there; sync and imports overwrite fields of existing contacts.
  const overwrites = ['PUT', 'PATCH', 'DELETE'].includes(operation.method) || isBulk(operation) || /sync|import/.test(operation.path)
  return {
    readOnlyHint: read,
    destructiveHint: !read && overwrites,
    idempotentHint: read || operation.method === 'PUT' || operation.method === 'DELETE' || idempotentPosts.has(operation.path),
    // One account, not the open web.
    openWorldHint: false,
  }
}

/** Annotations of a hand-written tool, from the access it needs. */
export function annotationsFor(access: Access, options: {idempotent?: boolean; destructive?: boolean} = {}): ToolAnnotations {
  return {
    readOnlyHint: access === 'read',
    destructiveHint: access !== 'read' && (options.destructive ?? access === 'delete'),
    idempotentHint: access === 'read' || Boolean(options.idempotent),
    openWorldHint: false,
  }
}

/** Throws the refusal that names the flag which would allow `what`; returns when it is allowed. */
export function admit(access: Access, permissions: Permissions, what: string): void {
  if (access === 'read') return
  if (!permissions.writes) {
    const flags = access === 'delete' ? '--allow-writes --allow-deletes' : '--allow-writes'
    throw new RefusedWrite(`Refusing ${what}: ac mcp is read-only`, {code: 'read_only', exitCode: ExitCode.usage, hint: `Start it with ${flags} to allow this. Nothing was changed`})
  }

  if (access === 'delete' && !permissions.deletes) {
    throw new RefusedWrite(`Refusing ${what}: deletes and bulk changes need --allow-deletes`, {code: 'deletes_refused', exitCode: ExitCode.usage, hint: 'Start ac mcp with --allow-deletes to allow them. Nothing was changed'})
  }
}
