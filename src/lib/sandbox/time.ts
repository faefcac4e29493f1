// Dates as the classic v3 resources print them: seconds, with the account's UTC offset.
// The sandbox's account lives at -05:00 (the API's own servers) whatever the host's zone.

const OFFSET_MINUTES = -5 * 60

export function apiTimestamp(at: number = Date.now()): string {
  const shifted = new Date(at + OFFSET_MINUTES * 60_000).toISOString().slice(0, 19)
  const sign = OFFSET_MINUTES < 0 ? '-' : '+'
  const abs = Math.abs(OFFSET_MINUTES)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${shifted}${sign}${hh}:${mm}`
}

/** Newer resources (custom objects) use UTC with a Z. */
export function isoTimestamp(at: number = Date.now()): string {
  return new Date(at).toISOString()
}
