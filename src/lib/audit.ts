import {appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {configDir} from './profiles.js'

// The audit log: one JSON line per request that changes the account (time, profile,
// method, path, status, the command line), appended under the config dir, 0600. Never the
// token; never a body unless AC_AUDIT_BODIES=1. Rotated by size, a few old files kept.

export interface AuditEntry {
  time: string
  profile: string
  method: string
  path: string
  /** The HTTP status; 0 when no answer came (network failure). */
  status: number
  /** The ac command line, without secrets. */
  command: string
  /** Who asked, when not a person at a shell: the MCP client's name. */
  client?: string
  body?: unknown
}

export const maxAuditBytes = 5 * 1024 * 1024
const keptFiles = 3

export function auditLogPath(): string {
  return join(configDir(), 'audit.log')
}

function rotate(path: string): void {
  rmSync(`${path}.${keptFiles}`, {force: true})
  for (let index = keptFiles - 1; index >= 1; index--) {
    if (existsSync(`${path}.${index}`)) renameSync(`${path}.${index}`, `${path}.${index + 1}`)
  }

  renameSync(path, `${path}.1`)
}

export function appendAudit(entry: AuditEntry): void {
  const path = auditLogPath()
  mkdirSync(configDir(), {recursive: true, mode: 0o700})
  if (existsSync(path) && statSync(path).size >= maxAuditBytes) rotate(path)
  appendFileSync(path, JSON.stringify(entry) + '\n', {mode: 0o600})
}

/** Every entry still kept, oldest first; a line that is not JSON (a torn write) is skipped. */
export function readAudit(): AuditEntry[] {
  const path = auditLogPath()
  const files = [...Array.from({length: keptFiles}, (_, index) => `${path}.${keptFiles - index}`), path].filter((file) => existsSync(file))
  const entries: AuditEntry[] = []
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue
      try {
        entries.push(JSON.parse(line) as AuditEntry)
      } catch {
        // A line cut short by a crash: the others still count.
      }
    }
  }

  return entries
}

/** The command line as typed, with anything that could be a secret replaced. */
export function redactedCommandLine(argv: string[], secrets: string[]): string {
  const words = argv.map((word, index) => {
    if (/^--?[\w-]*(token|key|password|secret)[\w-]*=/i.test(word)) return word.replace(/=.*$/, '=***')
    if (index > 0 && /^--?[\w-]*(token|key|password|secret)[\w-]*$/i.test(argv[index - 1])) return '***'
    return word
  })
  let line = ['ac', ...words].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ')
  for (const secret of secrets) if (secret) line = line.replaceAll(secret, '***')
  return line
}
