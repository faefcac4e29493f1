import {format} from 'node:util'

import {CommandHelp, Help} from '@oclif/core'
import type {Command, Interfaces} from '@oclif/core'

import {restoreCommandFlags} from '../manifest.js'
import {storeHelp} from './cache.cjs'
import {groupFlagsInOrder} from './groups.js'

// ac's help: oclif's, with flag groups in the order a reader needs them (groups.ts) rather than
// the order the first flag of each happens to sort in (`-o` put OUTPUT before BODY). What it
// prints is kept (cache.ts), so the same help asked again prints without oclif.

type Sections = ReturnType<CommandHelp['sections']>
type Flags = Parameters<CommandHelp['flags']>[0]

class AcCommandHelp extends CommandHelp {
  protected override sections(): Sections {
    return super.sections().map((section) =>
      section.header === 'FLAGS'
        ? {
            ...section,
            generate: ({flags}: {flags: Flags}, header: string) =>
              groupFlagsInOrder(flags)
                .map(([group, members]) => ({header: group ? `${group} ${header}` : header, body: this.flags(members)}))
                .filter(({body}) => body !== undefined && body.length > 0),
          }
        : section,
    )
  }
}

/** oclif's sortBy order for names: by UTF-16 code units. */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export default class AcHelp extends Help {
  protected override CommandHelpClass = AcCommandHelp
  private topicsOnce?: Interfaces.Topic[]
  private commandsOnce?: Command.Loadable[]
  private printed: string[] = []

  override async showHelp(argv: string[]): Promise<void> {
    await super.showHelp(argv)
    if (!this.opts.sendToStderr) await storeHelp(this.printed.join(''))
  }

  // Only the command shown needs its flags back (manifest.ts): not all 300 of them.
  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    restoreCommandFlags(this.config, command)
    await super.showCommandHelp(command)
  }

  protected override log(...args: string[]): void {
    this.printed.push(`${format(...args)}\n`)
    super.log(...args)
  }

  // oclif sorts the commands at every use and drops repeated ids by comparing each command with
  // every other (300 × 300): 2 ms of `ac --help`. Same answer (the last of equal ids), once.
  protected override get sortedCommands(): Command.Loadable[] {
    if (this.commandsOnce) return this.commandsOnce
    const shown = this.config.commands.filter((command) => this.opts.all || !command.hidden).sort((a, b) => ordinal(a.id, b.id))
    this.commandsOnce = shown.filter((command, index) => shown[index + 1]?.id !== command.id)
    return this.commandsOnce
  }

  // oclif works out the topics again at every use, each time copying config.topics (an entry per
  // command id as well as per topic) once per topic, and keeps those some other name holds
  // followed by a colon (anywhere in it: oclif's test is `includes`): 6 ms of `ac --help`. Same
  // answer, once, from the set of every such piece of every name.
  protected override get sortedTopics(): Interfaces.Topic[] {
    if (this.topicsOnce) return this.topicsOnce
    const all = this.config.topics
    const pieces = new Set<string>()
    for (const {name} of all) {
      for (let colon = name.indexOf(':'); colon !== -1; colon = name.indexOf(':', colon + 1)) {
        for (let start = 0; start < colon; start++) pieces.add(name.slice(start, colon))
      }
    }

    const withChildren = all.filter((topic) => pieces.has(topic.name))
    const seen = new Set<string>()
    this.topicsOnce = withChildren
      .filter((topic) => this.opts.all || !topic.hidden)
      .sort((a, b) => ordinal(a.name, b.name))
      .filter((topic) => !seen.has(topic.name) && seen.add(topic.name))
    return this.topicsOnce
  }
}
