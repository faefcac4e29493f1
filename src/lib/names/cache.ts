import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {cacheDir} from '../dirs.cjs'

// The name cache: for collections of few records (tags, stages, users...), the name of each
// record by id, one file per collection under ac's cache folder, one folder per profile and
// account URL (two accounts never share names). A file older than AC_NAMES_TTL seconds (default
// 600) is not read; ac's own writes to a collection delete its file (forgetWrite, which the
// client's write observer calls), so a tag just created is named at once.

export type Names = Record<string, string>

interface Stored {
  savedAt: number
  names: Names
  /** False when the collection was too big to keep whole: ids not in it are asked for by `ids=`. */
  complete?: boolean
}

const defaultTtlSeconds = 600

/** The folder of one profile's names: `cache/names/default-1a2b3c4d`. */
export function namesFolder(profile: string, baseUrl: string): string {
  // FNV-1a: a short stable tag for the URL, without loading node:crypto into every command that writes.
  let hash = 0x811c9dc5
  for (const char of baseUrl) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0
  const account = hash.toString(16).padStart(8, '0')
  return join(cacheDir(), 'names', `${profile.replaceAll(/[^\w.-]+/g, '_')}-${account}`)
}

function ttlMs(): number {
  const given = Number(process.env.AC_NAMES_TTL)
  return (Number.isFinite(given) && process.env.AC_NAMES_TTL?.trim() ? given : defaultTtlSeconds) * 1000
}

export class NameCache {
  constructor(private readonly folder: string) {}

  /** The names of a collection, or undefined when not kept or too old. */
  read(collection: string): {names: Names; ageMs: number; complete: boolean} | undefined {
    try {
      const stored = JSON.parse(readFileSync(this.file(collection), 'utf8')) as Stored
      const ageMs = Date.now() - stored.savedAt
      if (ageMs < 0 || ageMs >= ttlMs() || typeof stored.names !== 'object') return undefined
      return {names: stored.names, ageMs, complete: stored.complete !== false}
    } catch {
      return undefined
    }
  }

  write(collection: string, names: Names, complete = true): void {
    try {
      mkdirSync(this.folder, {recursive: true, mode: 0o700})
      // Written whole, then renamed: a reader never sees half a file.
      const temporary = `${this.file(collection)}.${process.pid}`
      writeFileSync(temporary, JSON.stringify({savedAt: Date.now(), names, complete} satisfies Stored), {mode: 0o600})
      renameSync(temporary, this.file(collection))
    } catch {
      // A cache that cannot be written costs requests next time, never a failure now.
    }
  }

  forget(collection: string): void {
    rmSync(this.file(collection), {force: true})
  }

  private file(collection: string): string {
    return join(this.folder, `${collection}.json`)
  }
}

/**
 * Collections whose names a write may change, by its path: `POST /tags` → tags; a pipeline
 * made or changed brings its stages along; the bulk importer creates tags by name.
 */
export function collectionsWrittenBy(path: string): string[] {
  const first = path.split('?')[0].split('/').find(Boolean) ?? ''
  if (first === 'dealGroups' || first === 'dealStages') return ['dealGroups', 'dealStages']
  if (first === 'import') return ['tags', 'lists']
  return [first]
}

/** After a write that reached the server (or may have): drop the names it may have changed. */
export function forgetWrite(folder: string, path: string): void {
  const cache = new NameCache(folder)
  try {
    for (const collection of collectionsWrittenBy(path)) cache.forget(collection)
  } catch {
    // Nothing kept, or a folder we cannot touch: nothing to drop.
  }
}

type Audit = (request: {method: string; path: string; status: number; body?: unknown}) => void

/**
 * The client's after-write observer, also dropping the cached names of what each write wrote
 * to: every write (a command, seed, import, bulk, an MCP tool) goes through one of these.
 * Status 0: no answer, so it may have happened.
 */
export function forgettingNames(audit: Audit | undefined, profile: string, baseUrl: string): Audit {
  return (request) => {
    audit?.(request)
    if (request.status < 300) forgetWrite(namesFolder(profile, baseUrl), request.path)
  }
}
