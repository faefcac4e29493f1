import {format} from 'node:util'

import {CommandHelp, Help} from '@oclif/core'
import type {Interfaces} from '@oclif/core'

import {restoreSharedFlags} from '../manifest.js'
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

export default class AcHelp extends Help {
  protected override CommandHelpClass = AcCommandHelp
  private topicsOnce?: Interfaces.Topic[]
  private printed: string[] = []

  override async showHelp(argv: string[]): Promise<void> {
    restoreSharedFlags(this.config)
    await super.showHelp(argv)
    if (!this.opts.sendToStderr) await storeHelp(this.printed.join(''))
  }

  protected override log(...args: string[]): void {
    this.printed.push(`${format(...args)}\n`)
    super.log(...args)
  }

  // oclif works out the topics again at every use, each time copying config.topics (an entry per
  // command id as well as per topic) once per topic: 6 ms of `ac --help`. Same answer, once.
  protected override get sortedTopics(): Interfaces.Topic[] {
    if (this.topicsOnce) return this.topicsOnce
    const all = this.config.topics
    const withChildren = all.filter((topic) => all.some((other) => other.name.includes(`${topic.name}:`)))
    const seen = new Set<string>()
    this.topicsOnce = withChildren
      .filter((topic) => this.opts.all || !topic.hidden)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .filter((topic) => !seen.has(topic.name) && seen.add(topic.name))
    return this.topicsOnce
  }
}
