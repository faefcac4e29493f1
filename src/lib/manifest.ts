import type {Interfaces} from '@oclif/core'

type Config = Interfaces.Config

// oclif.manifest.json describes every command with its flags, and some 300 commands carry the
// same dozen (the global and output flags): 60 % of a file every start reads and parses. So
// scripts/manifest.js writes each flag definition that many commands share once, in a table
// (`acSharedFlags`), and each command holds the key of the ones it has, where the definition
// would be (so the flags keep the order the command declares them in). oclif needs no flags to
// find and run a command (the command's class brings its own); what shows flags (help,
// completion, `ac commands`, the command reference, tests) puts them back with the functions below.

interface Described {
  flags?: Record<string, unknown>
}

interface Manifest {
  acSharedFlags?: Record<string, {name: string}>
  commands: Record<string, Described>
}

function restore(command: Described, table: Manifest['acSharedFlags']): void {
  if (!command.flags || !table) return
  for (const [name, flag] of Object.entries(command.flags)) if (typeof flag === 'string' && table[flag]) command.flags[name] = table[flag]
}

/** The manifest as oclif would have written it: every command with all its flags (changes it in place). */
export function withSharedFlags<M extends Manifest>(manifest: M): M {
  for (const command of Object.values(manifest.commands)) restore(command, manifest.acSharedFlags)
  return manifest
}

const restored = new WeakSet<Config>()

// The plugin object keeps the whole manifest it read (IPlugin does not declare it).
const tableOf = (config: Config) => (config.plugins.get(config.pjson.name) as unknown as {manifest?: Manifest} | undefined)?.manifest?.acSharedFlags

/** Gives every loaded command of ac back its shared flags, once per process. */
export function restoreSharedFlags(config: Config): void {
  if (restored.has(config)) return
  restored.add(config)
  const table = tableOf(config)
  for (const command of config.commands) restore(command as unknown as Described, table)
}

/** Gives one command its shared flags back (help shows one command's flags). */
export function restoreCommandFlags(config: Config, command: object): void {
  restore(command as Described, tableOf(config))
}
