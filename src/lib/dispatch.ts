import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {type Command, Config, execute, Plugin} from '@oclif/core'

import {isHelpRequest} from './help/request.cjs'

// How `ac` starts a command (bin/run.js calls run()). oclif's own start reads oclif.manifest.json
// (every command with its flags, ~400 KB) to find the one command it will run: ~13 ms of every
// start, ~20 ms and more of a first help. When the words name a command that ac knows (the
// bundle's table of command classes), oclif is given a root plugin that holds that command
// alone, and runs it, or shows its help, as it always does: same parsing, hooks, errors, exit
// codes and help text. Anything else (a word that names no command, a topic, the help of a
// command with commands under it, the commands that list every command) takes oclif's full start.

type CommandClass = Command.Class

/** Commands that read every command or topic of the CLI: they need the whole manifest. */
const WHOLE = new Set(['help', 'commands', 'autocomplete', 'autocomplete:create', 'autocomplete:script'])

/**
 * The command id in argv, found as oclif finds it (help/util.js, collateSpacedCmdIDFromArgs, with
 * a space as topic separator): words join while they lead to a command; a word that does not
 * stops at a flag, at `a=b`, or after a command that takes arguments. Undefined: not a command.
 */
export function commandOf(argv: readonly string[], classes: Readonly<Record<string, CommandClass>>): string | undefined {
  const ids = Object.keys(classes)
  if (argv.length === 1) return ids.includes(argv[0]) ? argv[0] : undefined
  const usable = new Set(ids.flatMap((id) => id.split(':').map((_, index, words) => words.slice(0, index + 1).join(':'))))
  const takesArgs = (id: string) => {
    if (!ids.includes(id)) return false
    const command = classes[id]
    return command.strict === false || Object.keys(command.args ?? {}).length > 0
  }

  const words: string[] = []
  for (const word of argv) {
    const next = [...words, word].join(':')
    if (usable.has(next)) words.push(word)
    else if (word.includes('=') || word.startsWith('-') || takesArgs(words.join(':'))) break
    else words.push(word)
  }

  const id = words.join(':')
  return ids.includes(id) ? id : undefined
}

/** Whether other commands sit under this one (`api` has `api operations`): its help lists them. */
function hasChildren(id: string, classes: Readonly<Record<string, CommandClass>>): boolean {
  return Object.keys(classes).some((other) => other.startsWith(`${id}:`))
}

export async function run(root: string, classes: Readonly<Record<string, CommandClass>>): Promise<unknown> {
  const argv = process.argv.slice(2)
  const help = isHelpRequest(argv)
  const id = commandOf(argv, classes)
  if (!id || WHOLE.has(id) || (help && hasChildren(id, classes))) return execute({dir: root})
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  // Without a manifest to read, oclif describes the plugin's commands from their classes, as it
  // does to write oclif.manifest.json: asked for this command's id alone, it describes this one.
  const plugin = new Plugin({ignoreManifest: true, isRoot: true, pjson, root})
  Object.assign(plugin, {getCommandIDs: async () => [id]}) // private in oclif's types only
  await plugin.load()
  const config = await Config.load({pjson, plugins: new Map([[plugin.name, plugin]]), root})
  return execute({args: argv, loadOptions: config})
}
