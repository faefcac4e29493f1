import {AcCommand} from '../../lib/command/base.js'
import {usageError} from '../../lib/errors.js'
import {ProfileStore} from '../../lib/profiles.js'

export default class AuthLogout extends AcCommand {
  static override summary = 'Forget the stored credentials of a profile'
  static override description = 'Removes the profile (the current one, or --profile NAME) from the config store. Credentials from AC_API_URL/AC_API_TOKEN are not stored: unset them instead.'
  static override examples = ['ac auth logout', 'ac auth logout --profile staging']

  async run(): Promise<void> {
    const {flags} = await this.parse(AuthLogout)
    const store = await ProfileStore.open()
    const name = flags.profile ?? process.env.AC_PROFILE ?? store.current
    if (!name) throw usageError('Not logged in: there is no current profile')
    store.remove(name)
    process.stderr.write(`Logged out: profile "${name}" removed\n`)
  }
}
