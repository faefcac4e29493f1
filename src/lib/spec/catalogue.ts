import {readFileSync} from 'node:fs'

import type {Operation} from './types.js'

// The generated catalogue, read once per process (a few ms); the 2 MB spec never is.

let cache: Operation[] | undefined
let byCommand: Map<string, Operation> | undefined

export function operations(): Operation[] {
  cache ??= JSON.parse(readFileSync(new URL('operations.json', import.meta.url), 'utf8')) as Operation[]
  return cache
}

export function operationFor(command: string): Operation {
  byCommand ??= new Map()
  if (!byCommand.has(command) && !cache) {
    // The build writes each entry apart too (scripts/copy-assets.js): a command reads its own
    // few hundred bytes, not the whole catalogue (~3 ms of every start).
    try {
      byCommand.set(command, JSON.parse(readFileSync(new URL(`by-command/${command.replaceAll(':', '.')}.json`, import.meta.url), 'utf8')) as Operation)
    } catch {}
  }

  if (!byCommand.has(command)) for (const operation of operations()) byCommand.set(operation.command, operation)
  const found = byCommand.get(command)
  if (!found) throw new Error(`No operation in the catalogue for command "${command}": run \`npm run gen\``)
  return found
}

let aliasCache: Record<string, string[]> | undefined

/** The API's own names as aliases (`dealGroups:list` for `deals:pipelines:list`). */
export function aliasesFor(command: string): string[] {
  try {
    aliasCache ??= JSON.parse(readFileSync(new URL('aliases.json', import.meta.url), 'utf8')) as Record<string, string[]>
  } catch {
    aliasCache = {}
  }

  return aliasCache[command] ?? []
}
