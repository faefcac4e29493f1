import {AcCommand} from '../../lib/command/base.js'
import {outputFlags} from '../../lib/command/flags.js'
import {listSink} from '../../lib/output/index.js'
import {maskToken, ProfileStore} from '../../lib/profiles.js'

export default class ProfilesList extends AcCommand {
  static override summary = 'List the stored profiles'
  static override examples = ['ac profiles list', 'ac profiles list --json']
  static override flags = {...outputFlags}

  async run(): Promise<void> {
    await this.parse(ProfilesList)
    const store = await ProfileStore.open()
    const sink = listSink(this.outputOptions(['name', 'current', 'url', 'token']))
    for (const profile of store.list()) await sink.add({...profile, token: maskToken(profile.token)})
    await sink.end()
  }
}
