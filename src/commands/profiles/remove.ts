import {Args} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {ProfileStore} from '../../lib/profiles.js'

export default class ProfilesRemove extends AcCommand {
  static override summary = 'Remove a stored profile and its token'
  static override examples = ['ac profiles remove staging']
  static override args = {name: Args.string({required: true, ignoreStdin: true, description: 'Profile name'})}

  async run(): Promise<void> {
    const {args} = await this.parse(ProfilesRemove)
    const store = await ProfileStore.open()
    store.remove(args.name)
    process.stderr.write(`Removed profile "${args.name}"\n`)
  }
}
