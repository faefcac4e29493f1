import {Flags} from '@oclif/core'

import {outputFormats} from '../output/index.js'
import {DEFAULT_RETRIES, DEFAULT_TIMEOUT_SECONDS, MAX_RETRIES} from './connection.js'

// Cross-cutting flags, written once and attached to every command that needs them.

/** On every command that reaches the API. */
export const connectionFlags = {
  profile: Flags.string({description: 'Stored profile to use (beats AC_API_URL/AC_API_TOKEN and AC_PROFILE)', helpGroup: 'GLOBAL'}),
  debug: Flags.boolean({description: 'Trace each request (method, URL, status, time, retries) to stderr; the token is never shown', helpGroup: 'GLOBAL'}),
  'read-only': Flags.boolean({description: 'Refuse every request that would change the account (also AC_READ_ONLY=1)', helpGroup: 'GLOBAL'}),
  'max-writes': Flags.integer({description: 'Stop before the change past N: at most N requests that change the account (also AC_MAX_WRITES)', min: 0, helpGroup: 'GLOBAL'}),
  timeout: Flags.integer({description: `Seconds one request may take before it is abandoned (also AC_TIMEOUT; default ${DEFAULT_TIMEOUT_SECONDS})`, min: 1, helpGroup: 'GLOBAL'}),
  retries: Flags.integer({description: `Retries of a request that failed in passing: 429, 502-504, resets (also AC_RETRIES; default ${DEFAULT_RETRIES})`, min: 0, max: MAX_RETRIES, helpGroup: 'GLOBAL'}),
  'no-input': Flags.boolean({description: 'Never ask: a missing flag or argument is an error and deletes need --yes, as off a terminal (also AC_NO_INPUT=1)', helpGroup: 'GLOBAL'}),
}

/** On every command that prints records. */
export const outputFlags = {
  output: Flags.string({char: 'o', description: 'Output format', options: [...outputFormats], helpGroup: 'OUTPUT'}),
  json: Flags.boolean({description: 'Same as --output json', helpGroup: 'OUTPUT'}),
  columns: Flags.string({description: 'Fields to show in table and csv output, comma-separated (a.b reaches into objects)', helpGroup: 'OUTPUT'}),
  jq: Flags.string({description: 'Filter the JSON output with a jq expression (strings print raw), e.g. --jq ".[].email"', helpGroup: 'OUTPUT'}),
}

/** On every long job: lists, import, export, seed, bulk delete. */
export const progressFlags = {
  quiet: Flags.boolean({char: 'q', description: 'Draw no progress bar (none is drawn off a terminal anyway)'}),
}

/** On every list. */
export const pagingFlags = {
  ...progressFlags,
  limit: Flags.integer({description: 'How many records to fetch', default: 20, min: 1, helpGroup: 'PAGING'}),
  offset: Flags.integer({description: 'How many records to skip', min: 0, helpGroup: 'PAGING'}),
  all: Flags.boolean({description: 'Fetch every record, 100 a request (ignores --limit)', helpGroup: 'PAGING'}),
}

/** On every command that changes something. */
export const mutationFlags = {
  'dry-run': Flags.boolean({description: 'Print the requests that would be sent, and send none'}),
}

/** On every command whose body the user may give whole. */
export const bodyFlags = {
  data: Flags.string({description: 'The whole request body: JSON, @FILE, or - for stdin (named flags win over it)'}),
}

/** On deletes and bulk changes. */
export const confirmFlags = {
  yes: Flags.boolean({char: 'y', description: 'Do not ask for confirmation (required when not on a terminal)'}),
}

/** On every delete that takes many ids. */
export const bulkDeleteFlags = {
  ...progressFlags,
  'ids-from': Flags.string({description: 'Read ids from FILE (or - for stdin): one a line, NDJSON records with "id" (-o ndjson), or a CSV with an id column (-o csv)'}),
}

/** Flags that select the records a delete removes, by the list's own query parameters (`--tag VIP` → `tagid`). */
export function selectionFlags(selectBy: Record<string, {description: string}>) {
  return {
    ...Object.fromEntries(Object.entries(selectBy).map(([flag, {description}]) => [flag, Flags.string({description, helpGroup: 'SELECT'})])),
    filter: Flags.string({description: 'Delete the records matching NAME=VALUE, or NAME[op]=VALUE (sent as filters[NAME]; repeatable)', multiple: true, helpGroup: 'SELECT'}),
  }
}
