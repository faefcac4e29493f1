import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {outputFlags} from '../../lib/command/flags.js'
import {usageError} from '../../lib/errors.js'
import {listSink} from '../../lib/output/index.js'

const units: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}

/** `30m`, `2h`, `7d`, or a date (`2026-12-01`, an ISO time) → the earliest time to show. */
export function sinceTime(value: string, now = Date.now()): number {
  const relative = /^(\d+)\s*([smhdw])$/i.exec(value.trim())
  if (relative) return now - Number(relative[1]) * units[relative[2].toLowerCase()]
  const time = Date.parse(value)
  if (Number.isNaN(time)) throw usageError(`--since takes a duration (30m, 2h, 7d) or a date, got "${value}"`)
  return time
}

export default class AuditList extends AcCommand {
  static override summary = 'Show the audit log: every request that changed an account'
  static override description = `ac appends one line per request that changes an account (time, profile, method, path, status, the command line; never the token, never a body unless AC_AUDIT_BODIES=1) to audit.log in the config folder (AC_CONFIG_DIR, or ~/.config/ac), rotated at 5 MB.`
  static override examples = ['ac audit list', 'ac audit list --since 2h', 'ac audit list --since 2026-12-01 --json']
  static override baseFlags = {}
  static override flags = {
    since: Flags.string({description: 'Only entries since a duration ago (30m, 2h, 7d) or a date'}),
    limit: Flags.integer({description: 'Only the newest N entries', min: 1}),
    ...outputFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(AuditList)
    const since = flags.since === undefined ? undefined : sinceTime(flags.since)
    const {readAudit} = await import('../../lib/audit.js')
    let entries = readAudit().filter((entry) => since === undefined || Date.parse(entry.time) >= since)
    if (flags.limit) entries = entries.slice(-flags.limit)
    const sink = listSink(this.outputOptions(['time', 'profile', 'method', 'path', 'status', 'command']))
    for (const entry of entries) await sink.add(entry as unknown as Record<string, unknown>)
    await sink.end()
  }
}
