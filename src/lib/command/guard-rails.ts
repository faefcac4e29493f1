import {appendAudit, redactedCommandLine} from '../audit.js'
import type {ClientOptions} from '../client/client.js'
import {usageError} from '../errors.js'
import type {Credentials} from '../profiles.js'

// The guard rails a command's flags, the environment and the profile put on its client:
// read-only, a cap on changes, and the audit log of every change. One place decides them,
// for every command and for `ac mcp` alike.

export interface GuardRailInput {
  readOnly?: boolean
  maxWrites?: number
  /** The command's words after `ac`, for the audit log. */
  argv: string[]
  id?: string
  /** Who asks, when it is not a person (the MCP client's name). */
  client?: string
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim())
}

export function guardRails(credentials: Credentials, input: GuardRailInput): Pick<ClientOptions, 'readOnly' | 'maxWrites' | 'audit'> {
  let readOnly: string | undefined
  if (input.readOnly) readOnly = '--read-only'
  else if (truthy(process.env.AC_READ_ONLY)) readOnly = 'AC_READ_ONLY is set'
  else if (credentials.readOnly) readOnly = `profile "${credentials.profile}" is read-only`

  let maxWrites = input.maxWrites
  const fromEnv = process.env.AC_MAX_WRITES
  if (maxWrites === undefined && fromEnv !== undefined && fromEnv.trim() !== '') {
    if (!/^\d+$/.test(fromEnv.trim())) throw usageError(`AC_MAX_WRITES must be a whole number, got "${fromEnv}"`)
    maxWrites = Number(fromEnv)
  }

  const words = input.id ? [...input.id.split(':'), ...input.argv] : input.argv
  const command = redactedCommandLine(words, [credentials.token])
  const bodies = truthy(process.env.AC_AUDIT_BODIES)
  const audit: ClientOptions['audit'] = ({method, path, status, body}) => {
    try {
      appendAudit({
        time: new Date().toISOString(),
        profile: credentials.profile,
        method,
        path,
        status,
        command,
        ...(input.client ? {client: input.client} : {}),
        ...(bodies && body !== undefined ? {body: JSON.parse(JSON.stringify(body).replaceAll(credentials.token, '***'))} : {}),
      })
    } catch (error) {
      // The change was made; a full disk must not turn it into a failure.
      process.stderr.write(`Warning: could not write the audit log: ${(error as Error).message}\n`)
    }
  }

  return {readOnly, maxWrites, audit}
}
