import {AcCommand} from '../../lib/command/base.js'
import {usageError} from '../../lib/errors.js'
import {ProfileStore} from '../../lib/profiles.js'

export default class AuthLogout extends AcCommand {
  static override summary = 'Forget the stored credentials of a profile'
  static override description =
    'Removes the profile in use (or --profile NAME) from the config store. Credentials from AC_API_URL/AC_API_TOKEN are not stored: unset them instead.'

  static override examples = ['ac auth logout', 'ac auth logout --profile staging']

  async run(): Promise<void> {
    await this.parse(AuthLogout)
    const credentials = await this.credentials()
    if (credentials.profile === 'env' && credentials.source === 'env') {
      throw usageError(`The credentials in use come from ${credentials.from}, which ac does not store`, 'Unset them, or pass --profile NAME')
    }

    const store = await ProfileStore.open()
    store.remove(credentials.profile)
    process.stderr.write(`Logged out: profile "${credentials.profile}" removed\n`)
  }
}
