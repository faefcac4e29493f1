import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {readStdinText} from '../../lib/command/input.js'
import {normaliseBaseUrl} from '../../lib/client/url.js'
import {AcError, ExitCode, usageError} from '../../lib/errors.js'
import {ProfileStore} from '../../lib/profiles.js'
import {canConfirm, input, password} from '../../lib/prompter/index.js'

export default class AuthLogin extends AcCommand {
  static override summary = 'Log in to an ActiveCampaign account and save it as a profile'
  static override description = `Asks for the account URL and API token (Settings > Developer) when they are not given, checks them with GET /users/me, and saves them as a named profile in the config store (mode 0600), which becomes the current one.
There is no --token flag: a token typed on the command line lands in shell history. Pipe it with --token-stdin, or set AC_API_URL and AC_API_TOKEN instead of logging in.`

  static override examples = [
    'ac auth login',
    'echo "$AC_TOKEN" | ac auth login --url https://acme.api-us1.com --token-stdin',
    'ac auth login --profile staging --url https://acme-staging.api-us1.com --token-stdin < token.txt',
  ]

  static override flags = {
    profile: Flags.string({description: 'Name to save the profile under', default: 'default'}),
    url: Flags.string({description: 'Account URL, e.g. https://ACCOUNT.api-us1.com (with or without /api/3)'}),
    'token-stdin': Flags.boolean({description: 'Read the API token from stdin'}),
    'read-only': Flags.boolean({description: 'Save the profile read-only: every command with it refuses to change the account'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(AuthLogin)
    // Asked on stderr, as it always was: `ac auth login > log` still asks.
    const asks = canConfirm()
    const url = flags.url ?? (asks ? await input('Account URL (Settings > Developer):', {validate: valid}) : undefined)
    if (!url) throw usageError('No account URL', 'Pass --url when not running interactively')
    const baseUrl = normaliseBaseUrl(url)
    const askToken = () => (asks ? password('API token:') : undefined)
    let token = flags['token-stdin'] ? (await readStdinText()).trim() : await askToken()
    if (!token) throw usageError('No API token', 'Pipe it with --token-stdin when not running interactively')

    // A refused token on a terminal is asked for again (a paste gone wrong); elsewhere it is one line, nothing saved.
    let body: {user?: {username?: string; email?: string}} | undefined
    for (let attempt = 1; ; attempt++) {
      this.useCredentials({url: baseUrl, token, profile: flags.profile, source: 'flag', from: 'login'})
      try {
        body = (await (await this.client()).request<typeof body>({method: 'GET', path: '/users/me'})).body
        break
      } catch (error) {
        if (!(error instanceof AcError) || error.exitCode !== ExitCode.auth) throw error
        if (!asks || flags['token-stdin'] || attempt >= 3) {
          throw new AcError(`${baseUrl} refused that API token (${error.status ?? 403})`, {code: 'unauthorized', exitCode: ExitCode.auth, status: error.status, hint: 'Copy it again from Settings > Developer; nothing was saved'})
        }

        process.stderr.write(`${baseUrl} refused that API token (${error.status ?? 403}): check it in Settings > Developer and paste it again.\n`)
        token = (await askToken()) ?? ''
      }
    }

    const store = await ProfileStore.open()
    store.save(flags.profile, {url: baseUrl, token, ...(flags['read-only'] ? {readOnly: true} : {})})
    const who = body?.user?.email ?? body?.user?.username ?? 'unknown user'
    process.stderr.write(`Logged in to ${baseUrl} as ${who}; saved as profile "${flags.profile}"${flags['read-only'] ? ' (read-only)' : ''} (now current)\n`)
  }
}

function valid(value: string): true | string {
  try {
    normaliseBaseUrl(value)
    return true
  } catch (error) {
    return (error as Error).message
  }
}
