import type {ClientOptions} from '../client/client.js'
import {usageError} from '../errors.js'

// How long one request may take and how often it is tried: --timeout / --retries, else
// AC_TIMEOUT / AC_RETRIES, else the defaults. AC_RETRY_BASE_MS (the first backoff) exists so
// that the fault tests can run many retries in little time; users have no need of it.

export const DEFAULT_TIMEOUT_SECONDS = 30
export const DEFAULT_RETRIES = 4
export const MAX_RETRIES = 20

function fromEnv(name: string, valid: (value: number) => boolean, what: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text.trim())
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !valid(value)) throw usageError(`${name} must be ${what}, got "${text}"`, `Unset it or give ${what}`)
  return value
}

export function connectionSettings(flags: {timeout?: number; retries?: number}): Pick<ClientOptions, 'timeoutMs' | 'retries' | 'retryBaseMs'> {
  const timeout = flags.timeout ?? fromEnv('AC_TIMEOUT', (value) => value > 0, 'a number of seconds above 0') ?? DEFAULT_TIMEOUT_SECONDS
  const retries = flags.retries ?? fromEnv('AC_RETRIES', (value) => Number.isInteger(value) && value <= MAX_RETRIES, `a whole number from 0 to ${MAX_RETRIES}`) ?? DEFAULT_RETRIES
  const retryBaseMs = fromEnv('AC_RETRY_BASE_MS', (value) => Number.isInteger(value), 'a whole number of milliseconds')
  return {timeoutMs: timeout * 1000, retries, ...(retryBaseMs === undefined ? {} : {retryBaseMs})}
}
