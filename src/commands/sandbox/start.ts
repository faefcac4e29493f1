import {accessSync, constants, existsSync, mkdirSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {usageError} from '../../lib/errors.js'

const sandboxProfile = 'sandbox'
const defaultPort = 4010

export default class SandboxStart extends AcCommand {
  static override summary = 'Run a local server that speaks the ActiveCampaign v3 API, for trying ac and for tests'
  static override description = `Answers every operation ac knows, from memory (or from --data FILE, written after each change), with the real API's envelopes, string ids, meta.total strings, error bodies, Api-Token check and 5 requests/second limit.
It saves itself as the profile "sandbox" (ac --profile sandbox ..., or ac profiles use sandbox) and keeps working across restarts: the same token and port each start (kept in that profile) and the same records (kept in ac's config folder, unless --data FILE or --memory says otherwise). It also prints the export line that points ac at it. Stop it with Ctrl-C.
--faults SPEC makes it misbehave on purpose, the same way every run with the same seed: comma-separated KIND[:RATE|every=N][@METHOD][/PATH] items, KIND one of 429, 502, 503, 504, 403, reset-before, reset-after, slow, hang, truncated, malformed; options seed=N, slow-ms=N, retry-after=SECONDS.`

  static override examples = [
    'ac sandbox start',
    'ac sandbox start --memory',
    'ac sandbox start --port 4010 --token secret --data sandbox.json',
    'ac sandbox start --faults 429:0.1,503:0.05,reset-after:every=7@POST,truncated:5%@GET,seed=42',
  ]

  // It serves the API rather than calling one: no --profile, no --debug.
  static override baseFlags = {}
  static override flags = {
    port: Flags.integer({description: `Port to listen on (0: any free port; default: the sandbox profile's, else ${defaultPort})`, min: 0, max: 65_535}),
    host: Flags.string({description: 'Address to listen on', default: '127.0.0.1'}),
    token: Flags.string({description: "API token the sandbox accepts (default: the sandbox profile's, else a new random one)"}),
    data: Flags.string({description: "JSON file to load the data from and save it to (default: sandbox-data.json in ac's config folder)", exclusive: ['memory']}),
    memory: Flags.boolean({description: 'Keep the data in memory only: every start begins empty'}),
    'rate-limit': Flags.integer({description: 'Requests per second before 429 (0: no limit)', default: 5, min: 0}),
    latency: Flags.integer({description: 'Milliseconds to wait before each answer', default: 0, min: 0}),
    faults: Flags.string({description: 'Misbehave on purpose: e.g. 429:0.1,reset-after:every=7@POST,truncated:5%@GET,seed=42 (see the description)'}),
    log: Flags.boolean({description: 'Print one line per request on stderr (time, method, path and query, status), and one per webhook delivery'}),
    seed: Flags.string({description: 'Start with N contacts (contact-1@example.com, ...), or with the records of a fixture file (as ac seed apply)'}),
    'seed-webhooks': Flags.boolean({description: 'Fire the webhooks already registered (kept in --data) for what --seed creates, as source admin; by default seeding fires nothing', dependsOn: ['seed']}),
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
    // A restart keeps the login the first start gave: the sandbox profile's token and port.
    const {configDir, ProfileStore} = await import('../../lib/profiles.js')
    const store = await ProfileStore.open()
    const saved = store.get(sandboxProfile)
    const savedPort = saved ? Number(new URL(saved.url).port) || undefined : undefined
    const token = flags.token ?? saved?.token
    const dataFile = flags.memory ? undefined : (flags.data ?? join(configDir(), 'sandbox-data.json'))
    if (dataFile && !flags.data) mkdirSync(dirname(dataFile), {recursive: true, mode: 0o700})
    if (dataFile) checkWritable(dataFile)
    // A fixture is checked whole before the server starts: a bad one is exit 2, nothing served.
    const fixture = flags.seed !== undefined && !/^\d+$/.test(flags.seed) ? await planFixture(flags.seed) : undefined
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    const port = flags.port ?? savedPort ?? defaultPort
    try {
      const start = (listenOn: number) => startSandbox({
        port: listenOn,
        host: flags.host,
        token,
        dataFile,
        rateLimit: flags['rate-limit'] === 0 ? false : flags['rate-limit'],
        latencyMs: flags.latency,
        faults,
        onRequest: flags.log ? (entry) => process.stderr.write(logLine(entry)) : undefined,
        onDelivery: flags.log ? (delivery) => process.stderr.write(deliveryLine(delivery)) : undefined,
      })
      // The usual port taken (another sandbox?): any free one, and the profile follows it.
      sandbox = await start(port).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE' || flags.port !== undefined) throw error
        return start(0)
      })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw usageError(`Port ${port} on ${flags.host} is in use`, 'Pick another with --port, or --port 0 for any free one')
      if (code === 'EADDRNOTAVAIL') throw usageError(`${flags.host} is not an address of this machine`, 'Use --host 127.0.0.1')
      if ((error as Error).message.startsWith('sandbox: ')) throw usageError((error as Error).message.slice('sandbox: '.length))
      throw error
    }

    if (fixture) await applyFixture(sandbox, fixture, flags['rate-limit'] === 0 ? false : flags['rate-limit'], flags['seed-webhooks'])
    else if (flags.seed) await seedContacts(sandbox.url, Number(flags.seed))
    const origin = sandbox.url.replace(/\/api\/3$/, '')
    const profileLine = saveProfile(store, {url: origin, token: sandbox.token}, saved)
    process.stdout.write(`export AC_API_URL=${origin} AC_API_TOKEN=${sandbox.token}\n`)
    process.stderr.write(
      `Sandbox API listening on ${sandbox.url}${dataFile ? ` (data in ${dataFile})` : ' (data in memory only)'}${fixture ? ` with the ${fixture.length} records of ${flags.seed}` : flags.seed ? ` with ${flags.seed} contacts` : ''}\n` +
        (faults ? `Faults: ${faults.faults.map((f) => `${f.kind} ${f.every ? `every ${f.every}th` : `${Math.round(f.rate! * 1000) / 10}%`}${f.method || f.path ? ` of ${[f.method, f.path].filter(Boolean).join(' ')}` : ''}`).join(', ')}; seed ${faults.seed} (counts: GET /__sandbox/faults)\n` : '') +
        `Token: ${sandbox.token}\n${profileLine}\nOr paste the export line above into another shell, then try: ac contacts list\nCtrl-C stops it.\n`,
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

/**
 * Saves the sandbox as the profile "sandbox" and returns the line that says how to use it. It
 * becomes the current profile only when there is none: it never takes a real account's place.
 */
function saveProfile(store: import('../../lib/profiles.js').ProfileStore, profile: {url: string; token: string}, saved: {url: string; token: string} | undefined): string {
  const previous = store.current
  store.save(sandboxProfile, profile)
  if (previous && previous !== sandboxProfile) store.use(previous)
  const changed = saved && (saved.url !== profile.url || saved.token !== profile.token) ? ' (updated: the port or token changed)' : ''
  const how = previous && previous !== sandboxProfile ? `use it with: ac --profile ${sandboxProfile} contacts list, or ac profiles use ${sandboxProfile}` : 'it is the current profile: try ac contacts list'
  return `Saved as profile "${sandboxProfile}"${changed}; ${how}`
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

function deliveryLine(delivery: {at: number; type: string; url: string; webhook: string; status: number; ms: number; error?: string}): string {
  const time = new Date(delivery.at).toISOString().slice(11, 23)
  return `${time} webhook ${delivery.webhook} ${delivery.type} → ${delivery.url} ${delivery.status || delivery.error || 'no answer'} (${delivery.ms} ms)${delivery.status === 410 ? ': webhook set inactive' : ''}\n`
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

/**
 * The same apply as `ac seed apply`, against the sandbox itself, with its rate limit off meanwhile.
 * What it creates is the account's starting point, not news: no webhook fires unless asked, and
 * then as the account's own (source admin).
 */
async function applyFixture(sandbox: Awaited<ReturnType<typeof import('../../lib/sandbox/server.js').startSandbox>>, records: Awaited<ReturnType<typeof planFixture>>, rateLimit: number | false, fire: boolean) {
  const [{applyPlan}, {ApiClient}, {Pacer}] = await Promise.all([import('../../lib/seed/apply.js'), import('../../lib/client/client.js'), import('../../lib/client/pacer.js')])
  const client = new ApiClient({baseUrl: sandbox.url, token: sandbox.token, pacer: new Pacer(0)})
  sandbox.configure({rateLimit: false})
  Object.assign(sandbox.webhooks, {enabled: fire, source: 'admin'})
  try {
    await applyPlan(client, records, {update: false, dryRun: false})
  } finally {
    sandbox.configure({rateLimit})
    Object.assign(sandbox.webhooks, {enabled: true, source: 'api'})
  }
}
