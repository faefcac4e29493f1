import {AcCommand} from '../../lib/command/base.js'
import {outputFlags} from '../../lib/command/flags.js'
import {AcError} from '../../lib/errors.js'
import {printRecord} from '../../lib/output/index.js'
import {maskToken} from '../../lib/profiles.js'

export default class AuthStatus extends AcCommand {
  static override summary = 'Show which account and credentials ac uses, and check them'
  static override description =
    'Shows the profile, where its credentials came from (--profile, environment, or the stored current profile), the account URL, the token masked, and the user the API says it belongs to. Exits 3 when there are no credentials or the API refuses them.'

  static override examples = ['ac auth status', 'ac auth status --json', 'AC_PROFILE=staging ac auth status']
  static override flags = {...outputFlags}

  async run(): Promise<void> {
    await this.parse(AuthStatus)
    const credentials = await this.credentials()
    const status: Record<string, unknown> = {
      profile: credentials.profile,
      source: credentials.source,
      from: credentials.from,
      url: credentials.url,
      token: maskToken(credentials.token),
      ...(credentials.readOnly ? {readOnly: true} : {}),
    }
    let refused: AcError | undefined
    try {
      const client = await this.client()
      const {body} = await client.request<{user?: Record<string, string>}>({method: 'GET', path: '/users/me'})
      const user = body?.user ?? {}
      Object.assign(status, {user: user.username, name: [user.firstName, user.lastName].filter(Boolean).join(' '), email: user.email, valid: true})
    } catch (error) {
      if (!(error instanceof AcError)) throw error
      refused = error
      status.valid = false
      // json and yaml keep the error's parts; a table or TSV shows it in words, not as JSON in a cell.
      status.error = ['json', 'yaml', 'ndjson'].includes(this.outputOptions().format) ? error.toJSON().error : error.message
      refused.inJsonOutput = true
    }

    await printRecord(status, this.outputOptions())
    if (refused) throw refused
  }
}
