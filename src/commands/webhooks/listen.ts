import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {usageError} from '../../lib/errors.js'

export default class WebhooksListen extends AcCommand {
  static override summary = 'Receive webhooks on this machine and print each one, decoded'
  static override description = `Listens on 127.0.0.1 (--host to change) and prints every webhook that arrives: a readable block on a terminal, one JSON object a line in a pipe (contact[email]-style keys nested: {"contact":{"email":...}}). Answers 200, or with --forward-to relays the body to your receiver and answers what it answered. Ctrl-C stops it.
The sandbox (ac sandbox start) can call it directly. A real account cannot reach 127.0.0.1: expose the port with a tunnel of your choice and register the tunnel's URL with ac webhooks create.`

  static override examples = [
    'ac webhooks listen --port 4242',
    'ac webhooks create --name dev --url http://127.0.0.1:4242/ --events deal_update --sources api',
    'ac webhooks listen --port 4242 --path /hooks --forward-to http://127.0.0.1:3000/activecampaign',
    'ac webhooks listen --port 4242 | jq -r .contact.email',
  ]

  static override flags = {
    port: Flags.integer({description: 'Port to listen on (0: any free port)', default: 4242, min: 0, max: 65_535}),
    host: Flags.string({description: 'Address to listen on', default: '127.0.0.1'}),
    path: Flags.string({description: 'Only this path receives (others answer 404); / takes every path', default: '/'}),
    'forward-to': Flags.string({description: 'Relay each webhook to this URL and answer what it answers'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(WebhooksListen)
    const forwardTo = flags['forward-to']
    if (forwardTo !== undefined && !/^https?:\/\/[^/\s]+/i.test(forwardTo)) throw usageError(`--forward-to must be an http(s) URL, got "${forwardTo}"`)
    if (!flags.path.startsWith('/')) throw usageError(`--path must start with /, got "${flags.path}"`)
    const {listen} = await import('../../lib/webhooks/listen.js')
    let listener
    try {
      listener = await listen({
        port: flags.port,
        host: flags.host,
        path: flags.path,
        forwardTo,
        lines: !process.stdout.isTTY,
        write: (text) => process.stdout.write(text),
        warn: (text) => process.stderr.write(`Warning: ${text}`),
        timeoutMs: (this.common.timeout ?? 10) * 1000,
      })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw usageError(`Port ${flags.port} on ${flags.host} is in use`, 'Pick another with --port, or --port 0 for any free one')
      if (code === 'EADDRNOTAVAIL') throw usageError(`${flags.host} is not an address of this machine`, 'Use --host 127.0.0.1')
      throw error
    }

    process.stderr.write(
      `Listening for webhooks on ${listener.url}${forwardTo ? `, forwarding to ${forwardTo}` : ''}\n` +
        `Register it: ac webhooks create --name dev --url ${listener.url} --events subscribe,deal_update --sources api,admin\n` +
        `(A real account cannot reach this machine: give it a tunnel's URL instead.) Ctrl-C stops.\n`,
    )
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    await listener.close()
    const count = listener.received()
    process.stderr.write(`Stopped after ${count} webhook${count === 1 ? '' : 's'}\n`)
  }
}
