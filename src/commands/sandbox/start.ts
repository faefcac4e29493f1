import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'

export default class SandboxStart extends AcCommand {
  static override summary = 'Run a local server that speaks the ActiveCampaign v3 API, for trying ac and for tests'
  static override description = `Answers every operation ac knows, from memory (or from --data FILE, written after each change), with the real API's envelopes, string ids, meta.total strings, error bodies, Api-Token check and 5 requests/second limit.
It prints the URL and token to use; point ac at it with the printed export line. Stop it with Ctrl-C.`

  static override examples = [
    'ac sandbox start',
    'ac sandbox start --port 4010 --token secret --data sandbox.json',
  ]

  // It serves the API rather than calling one: no --profile, no --debug.
  static override baseFlags = {}
  static override flags = {
    port: Flags.integer({description: 'Port to listen on (0: any free port)', default: 0, min: 0, max: 65_535}),
    host: Flags.string({description: 'Address to listen on', default: '127.0.0.1'}),
    token: Flags.string({description: 'API token the sandbox accepts (default: a random one)'}),
    data: Flags.string({description: 'JSON file to load the data from and save it to'}),
    'rate-limit': Flags.integer({description: 'Requests per second before 429 (0: no limit)', default: 5, min: 0}),
    latency: Flags.integer({description: 'Milliseconds to wait before each answer', default: 0, min: 0}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SandboxStart)
    const {startSandbox} = await import('../../lib/sandbox/server.js')
    const sandbox = await startSandbox({
      port: flags.port,
      host: flags.host,
      token: flags.token,
      dataFile: flags.data,
      rateLimit: flags['rate-limit'] === 0 ? false : flags['rate-limit'],
      latencyMs: flags.latency,
    })
    const origin = sandbox.url.replace(/\/api\/3$/, '')
    process.stdout.write(`export AC_API_URL=${origin} AC_API_TOKEN=${sandbox.token}\n`)
    process.stderr.write(
      `Sandbox API listening on ${sandbox.url}${flags.data ? ` (data in ${flags.data})` : ''}\n` +
        `Token: ${sandbox.token}\nPaste the export line above into another shell, then try: ac contacts list\nCtrl-C stops it.\n`,
    )
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await sandbox.close()
    process.stderr.write('Sandbox stopped\n')
  }
}
