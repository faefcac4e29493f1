import {accessSync, constants, existsSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {usageError} from '../../lib/errors.js'

export default class SandboxStart extends AcCommand {
  static override summary = 'Run a local server that speaks the ActiveCampaign v3 API, for trying ac and for tests'
  static override description = `Answers every operation ac knows, from memory (or from --data FILE, written after each change), with the real API's envelopes, string ids, meta.total strings, error bodies, Api-Token check and 5 requests/second limit.
It prints the URL and token to use; point ac at it with the printed export line. Stop it with Ctrl-C.
--faults SPEC makes it misbehave on purpose, the same way every run with the same seed: comma-separated KIND[:RATE|every=N][@METHOD][/PATH] items, KIND one of 429, 502, 503, 504, 403, reset-before, reset-after, slow, hang, truncated, malformed; options seed=N, slow-ms=N, retry-after=SECONDS.`

  static override examples = [
    'ac sandbox start',
    'ac sandbox start --port 4010 --token secret --data sandbox.json',
    'ac sandbox start --faults 429:0.1,503:0.05,reset-after:every=7@POST,truncated:5%@GET,seed=42',
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
    faults: Flags.string({description: 'Misbehave on purpose: e.g. 429:0.1,reset-after:every=7@POST,truncated:5%@GET,seed=42 (see the description)'}),
    log: Flags.boolean({description: 'Print one line per request on stderr: time, method, path and query, status'}),
    seed: Flags.string({description: 'Start with N contacts (contact-1@example.com, ...), or with the records of a fixture file (as ac seed apply)'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SandboxStart)
    const [{startSandbox}, {parseFaultSpec}] = await Promise.all([import('../../lib/sandbox/server.js'), import('../../lib/sandbox/faults.js')])
    let faults
    try {
      faults = flags.faults === undefined ? undefined : parseFaultSpec(flags.faults)
    } catch (error) {
      throw usageError(`--faults ${(error as Error).message}`, 'Write KIND[:RATE|every=N][@METHOD][/PATH],..., e.g. 429:0.1,reset-after:every=7@POST,seed=42')
    }
    // Without a seed a run is still repeatable: the seed used is printed.
    if (faults && faults.seed === undefined) faults.seed = Math.floor(Math.random() * 2 ** 31)
    if (flags.data) checkWritable(flags.data)
    // A fixture is checked whole before the server starts: a bad one is exit 2, nothing served.
    const fixture = flags.seed !== undefined && !/^\d+$/.test(flags.seed) ? await planFixture(flags.seed) : undefined
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    try {
      sandbox = await startSandbox({
        port: flags.port,
        host: flags.host,
        token: flags.token,
        dataFile: flags.data,
        rateLimit: flags['rate-limit'] === 0 ? false : flags['rate-limit'],
        latencyMs: flags.latency,
        faults,
        onRequest: flags.log ? (entry) => process.stderr.write(logLine(entry)) : undefined,
      })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw usageError(`Port ${flags.port} on ${flags.host} is in use`, 'Pick another with --port, or --port 0 for any free one')
      if (code === 'EADDRNOTAVAIL') throw usageError(`${flags.host} is not an address of this machine`, 'Use --host 127.0.0.1')
      if ((error as Error).message.startsWith('sandbox: ')) throw usageError((error as Error).message.slice('sandbox: '.length))
      throw error
    }

    if (fixture) await applyFixture(sandbox, fixture, flags['rate-limit'] === 0 ? false : flags['rate-limit'])
    else if (flags.seed) await seedContacts(sandbox.url, Number(flags.seed))
    const origin = sandbox.url.replace(/\/api\/3$/, '')
    process.stdout.write(`export AC_API_URL=${origin} AC_API_TOKEN=${sandbox.token}\n`)
    process.stderr.write(
      `Sandbox API listening on ${sandbox.url}${flags.data ? ` (data in ${flags.data})` : ''}${fixture ? ` with the ${fixture.length} records of ${flags.seed}` : flags.seed ? ` with ${flags.seed} contacts` : ''}\n` +
        (faults ? `Faults: ${faults.faults.map((f) => `${f.kind} ${f.every ? `every ${f.every}th` : `${Math.round(f.rate! * 1000) / 10}%`}${f.method || f.path ? ` of ${[f.method, f.path].filter(Boolean).join(' ')}` : ''}`).join(', ')}; seed ${faults.seed} (counts: GET /__sandbox/faults)\n` : '') +
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

/** --data must be writable now, not at the first change minutes later. */
function checkWritable(file: string): void {
  const target = existsSync(file) ? file : dirname(resolve(file))
  try {
    accessSync(target, constants.W_OK)
  } catch (error) {
    throw usageError(`Cannot write --data ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : 'permission denied'}`)
  }
}

function logLine(entry: {at: number; method: string; path: string; query: Record<string, string | string[]>; status: number}): string {
  const query = new URLSearchParams(Object.entries(entry.query).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((item): [string, string] => [key, item]))).toString()
  const time = new Date(entry.at).toISOString().slice(11, 23)
  return `${time} ${entry.method} ${entry.path}${query ? `?${decodeURIComponent(query)}` : ''} ${entry.status || 'reset'}\n`
}

async function seedContacts(url: string, count: number): Promise<void> {
  const origin = url.replace(/\/api\/3$/, '')
  for (let start = 0; start < count; start += 5000) {
    const contacts = Array.from({length: Math.min(5000, count - start)}, (_, index) => ({email: `contact-${start + index + 1}@example.com`, firstName: `Contact ${start + index + 1}`}))
    const response = await fetch(`${origin}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({contacts})})
    if (!response.ok) throw new Error(`Seeding the sandbox failed: ${response.status}`)
  }
}

async function planFixture(file: string) {
  const [{loadFixture}, {plan}] = await Promise.all([import('../../lib/seed/fixture.js'), import('../../lib/seed/plan.js')])
  return plan(await loadFixture(file), {env: process.env, runId: process.env.AC_RUN_ID})
}

/** The same apply as `ac seed apply`, against the sandbox itself, with its rate limit off meanwhile. */
async function applyFixture(sandbox: {url: string; token: string; configure(config: {rateLimit?: number | false}): void}, records: Awaited<ReturnType<typeof planFixture>>, rateLimit: number | false) {
  const [{applyPlan}, {ApiClient}, {Pacer}] = await Promise.all([import('../../lib/seed/apply.js'), import('../../lib/client/client.js'), import('../../lib/client/pacer.js')])
  const client = new ApiClient({baseUrl: sandbox.url, token: sandbox.token, pacer: new Pacer(0)})
  sandbox.configure({rateLimit: false})
  try {
    await applyPlan(client, records, {update: false, dryRun: false})
  } finally {
    sandbox.configure({rateLimit})
  }
}
