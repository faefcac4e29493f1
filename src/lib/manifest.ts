import type {Interfaces} from '@oclif/core'

type Config = Interfaces.Config

// oclif.manifest.json describes every command with its flags, and some 300 commands carry the
// same dozen (the global and output flags): 60 % of a file every start reads and parses. So
// scripts/manifest.js writes each flag definition that many commands share once, in a table
// (`acSharedFlags`), and each command names the ones it has. oclif needs no flags to find and
// run a command (the command's class brings its own); what shows flags (help, completion,
// `ac commands`, the command reference, tests) puts them back with the functions below.

interface Described {
  flags?: Record<string, unknown>
  acSharedFlags?: string[]
}

interface Manifest {
  acSharedFlags?: Record<string, {name: string}>
  commands: Record<string, Described>
}

function restore(command: Described, table: Manifest['acSharedFlags']): void {
  if (!command.acSharedFlags || !table) return
  const shared = Object.fromEntries(command.acSharedFlags.map((key) => [table[key].name, table[key]]))
  command.flags = {...shared, ...command.flags}
  delete command.acSharedFlags
}

/** The manifest as oclif would have written it: every command with all its flags (changes it in place). */
export function withSharedFlags<M extends Manifest>(manifest: M): M {
  for (const command of Object.values(manifest.commands)) restore(command, manifest.acSharedFlags)
  return manifest
}

const restored = new WeakSet<Config>()

/** Gives every loaded command of ac back its shared flags, once per process. */
export function restoreSharedFlags(config: Config): void {
  if (restored.has(config)) return
  restored.add(config)
  // The plugin object keeps the whole manifest it read (IPlugin does not declare it).
  const table = (config.plugins.get(config.pjson.name) as unknown as {manifest?: Manifest} | undefined)?.manifest?.acSharedFlags
  for (const command of config.commands) restore(command as unknown as Described, table)
}
