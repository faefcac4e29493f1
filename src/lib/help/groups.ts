// The order flag groups are shown in, by `ac COMMAND --help` (src/lib/help/index.ts) and by the
// command reference (scripts/docs.js): what the command is about first (the record's fields, then
// the command's own flags and how records are chosen), then how many, then how it prints, then
// what every command takes. Groups not named here follow, in the order they first appear.
export const FLAG_GROUP_ORDER = ['BODY', '', 'SELECT', 'PAGING', 'OUTPUT', 'GLOBAL'] as const

/** Flags (already sorted within) split into [group, flags] in FLAG_GROUP_ORDER; '' is the flags of no group. */
export function groupFlagsInOrder<F extends {helpGroup?: string}>(flags: readonly F[]): Array<[string, F[]]> {
  const groups = new Map<string, F[]>(FLAG_GROUP_ORDER.map((group) => [group, []]))
  for (const flag of flags) {
    const group = flag.helpGroup ?? ''
    if (!groups.has(group)) groups.set(group, [])
    groups.get(group)!.push(flag)
  }

  return [...groups].filter(([, members]) => members.length > 0)
}
