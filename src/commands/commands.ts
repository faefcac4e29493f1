import {Flags} from '@oclif/core'

import {AcCommand} from '../lib/command/base.js'
import {outputFlags} from '../lib/command/flags.js'
import {restoreSharedFlags} from '../lib/manifest.js'
import {listSink} from '../lib/output/index.js'

// `ac commands` from the manifest alone. @oclif/plugin-commands loads every command class to
// build its JSON, even for the table (over a second for 300 commands), and runs summaries
// through lodash templates, which evaluate the seed commands' `${tags.vip.id}` and fail.

export default class Commands extends AcCommand {
  static override summary = 'List every command with its summary'
  static override description = `Read from the manifest: no command is loaded, so it answers at once. The API-name aliases (ac dealGroups list for ac deals pipelines list) still run, but are listed only with --hidden.`
  static override examples = ['ac commands', 'ac commands --json --jq ".[].id"', 'ac commands --hidden --columns id,aliasOf']
  static override baseFlags = {}
  static override flags = {
    hidden: Flags.boolean({description: 'Also list hidden commands and the API-name aliases'}),
    ...outputFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Commands)
    restoreSharedFlags(this.config)
    const spaced = (id: string) => id.replaceAll(':', ' ')
    const aliasOf = new Map<string, string>()
    for (const plugin of this.config.getPluginsList()) {
      for (const command of plugin.commands) {
        for (const alias of [...(command.aliases ?? []), ...(command.hiddenAliases ?? [])]) aliasOf.set(alias, command.id)
      }
    }

    const bin = (text: string | undefined) => text?.replaceAll(/<%=\s*config\.bin\s*%>/g, this.config.bin)
    const commands = this.config.commands.filter((command) => flags.hidden || !command.hidden).sort((a, b) => a.id.localeCompare(b.id))
    const sink = listSink(this.outputOptions(['id', 'summary']))
    for (const command of commands) {
      const canonical = aliasOf.get(command.id)
      await sink.add({
        id: spaced(command.id),
        summary: bin(command.summary ?? command.description?.split('\n')[0]) ?? '',
        ...(canonical ? {aliasOf: spaced(canonical)} : {}),
        ...(command.hidden ? {hidden: true} : {}),
        description: bin(command.description),
        aliases: [...(command.aliases ?? []), ...(command.hiddenAliases ?? [])].map((alias) => spaced(alias)),
        args: command.args,
        flags: command.flags,
        examples: command.examples?.map((example) => bin(typeof example === 'string' ? example : example.command)),
        plugin: command.pluginName,
      })
    }

    await sink.end()
  }
}
