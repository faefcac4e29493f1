import {Args} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {ProfileStore} from '../../lib/profiles.js'

export default class ProfilesUse extends AcCommand {
  static override summary = 'Make a stored profile the current one'
  static override examples = ['ac profiles use staging']
  static override args = {name: Args.string({required: true, ignoreStdin: true, description: 'Profile name'})}

  async run(): Promise<void> {
    const {args} = await this.parse(ProfilesUse)
    const store = await ProfileStore.open()
    store.use(args.name)
    process.stderr.write(`Now using profile "${args.name}"\n`)
  }
}
