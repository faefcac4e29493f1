import {Args, Command, Flags, loadHelpClass} from '@oclif/core'

// `ac help [COMMAND]`, as `ac COMMAND --help`. oclif's help plugin gives the same command, but as
// a plugin it cost every start a package lookup and a second manifest to read.
export default class HelpCommand extends Command {
  static override summary = 'Show help for ac, a topic or a command'
  static override args = {command: Args.string({description: 'The topic or command, words as you would type them', required: false})}
  static override flags = {'nested-commands': Flags.boolean({char: 'n', description: 'List every command under the topic, nested ones too'})}
  static override examples = ['ac help', 'ac help contacts', 'ac help contacts list']
  static override strict = false

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(HelpCommand)
    const Help = await loadHelpClass(this.config)
    await new Help(this.config, {all: flags['nested-commands']}).showHelp(argv as string[])
  }
}
