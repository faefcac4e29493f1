import {describe, recordsResource} from '../resources/index.js'
import type {Operation} from '../spec/types.js'

// What a write command says when it is done, to a person at a terminal: one line
// (`Created contact 12 ann@example.com`) instead of the record, which `-o`/`--json` print.

const pastTense: Record<string, string> = {create: 'Created', update: 'Updated', sync: 'Synced'}

/** What a user calls one record of a resource: its lookup noun, else the API name in words (dealStages → deal stage). */
export function nounOf(resource: string): string {
  const noun = describe(resource).lookup?.noun
  if (noun) return noun
  return resource
    .replaceAll(/([a-z\d])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/ies$/, 'y')
    .replace(/s$/, '')
}

/** `Created contact 12 ann@example.com`, for creates, updates and syncs; undefined for other actions. */
export function doneLine(operation: Operation, record: Record<string, unknown>): string | undefined {
  const verb = pastTense[operation.command.split(':').at(-1) ?? '']
  if (!verb) return undefined
  const resource = recordsResource(operation)
  const field = describe(resource).lookup?.field
  const name = [field && record[field], record.name, record.title, record.email].find((value) => typeof value === 'string' && value !== '')
  return [verb, nounOf(resource), record.id, name].filter((part) => part !== undefined && part !== null && part !== '').join(' ')
}

/** Whether success is a line for a person rather than the record: a terminal, and no output asked for. */
export function saysInstead(common: {output?: string; json?: boolean; jq?: string; columns?: string}): boolean {
  const asked = common.output !== undefined || common.json || common.jq !== undefined || common.columns !== undefined
  return !asked && Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY)
}

/** A contact, a tag or a list as the user named it: `ann@example.com`, or `contact 12` when given by id. */
export function asGiven(noun: string, given: string): string {
  return /^\d+$/.test(given) ? `${noun} ${given}` : given
}
