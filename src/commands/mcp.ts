import {Flags} from '@oclif/core'

import {AcCommand} from '../lib/command/base.js'
import type {Credentials} from '../lib/profiles.js'
import {setNoInput} from '../lib/prompter/index.js'

export default class Mcp extends AcCommand {
  static override summary = 'Serve the account to an AI agent over MCP (stdio): read-only unless --allow-writes'
  static override description = `A Model Context Protocol server on stdin/stdout for Claude, editors and agent frameworks: tools to find, read, tag, subscribe and sync contacts and move deals by name, plus search_operations, describe_operation and call_operation for every one of the API's operations.
Same profiles, pacing, name look-ups and errors as every command. Changes need --allow-writes; deletes and bulk changes --allow-deletes as well. Every change goes to the audit log (ac audit list) with the MCP client's name. Logs go to stderr; stdout carries the protocol only.`

  static override examples = ['ac mcp', 'ac mcp --allow-writes --max-writes 50', 'ac mcp --profile work --allow-writes --allow-deletes', 'ac mcp --sandbox']

  static override flags = {
    'allow-writes': Flags.boolean({description: 'Allow tools to change the account (create, update, tag, subscribe)'}),
    'allow-deletes': Flags.boolean({description: 'Allow deletes and bulk changes too (implies --allow-writes)'}),
    sandbox: Flags.boolean({description: 'Serve a local sandbox account with demo records instead of yours (changes allowed; deletes still need --allow-deletes)'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Mcp)
    // stdin is the protocol: a name shared by several records is an error for the agent, never a question.
    setNoInput(true)
    // The SDK is loaded here only: no other command pays for it at start-up.
    const {serveMcp} = await import('../lib/mcp/server.js')
    let credentials: Credentials
    let sandbox: import('../lib/sandbox/server.js').Sandbox | undefined
    if (flags.sandbox) {
      const [{startSandbox}, {seedDemo}] = await Promise.all([import('../lib/sandbox/server.js'), import('../lib/mcp/sandbox-demo.js')])
      sandbox = await startSandbox({port: 0, rateLimit: 5})
      await seedDemo(sandbox)
      credentials = {url: sandbox.url, token: sandbox.token, profile: 'sandbox', source: 'flag', from: '--sandbox'}
      process.stderr.write(`ac mcp: serving a sandbox account at ${sandbox.url}\n`)
    } else {
      credentials = await this.credentials()
    }

    const writes = flags['allow-writes'] || flags['allow-deletes'] || flags.sandbox
    // Run by hand, the server would sit there silently: say what it waits for and how to leave.
    if (process.stdin.isTTY) {
      process.stderr.write(`ac mcp: waiting for an MCP client on stdin/stdout (an agent or editor starts this command itself; see ac mcp --help). Ctrl-C stops it.\n`)
    }

    try {
      await serveMcp({
        credentials,
        permissions: {writes, deletes: flags['allow-deletes']},
        readOnly: this.common['read-only'],
        maxWrites: this.common['max-writes'],
        argv: this.argv,
        version: this.config.version,
        trace: (line) => this.debugLine(line),
      })
    } finally {
      await sandbox?.close()
    }
  }
}
