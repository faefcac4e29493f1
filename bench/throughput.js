// `--all` throughput against the sandbox at a given latency, with the sandbox enforcing the
// real 5 req/s limit and ac pacing itself to it. Target: >= 95 % of 5 req/s at 300 ms.
// Usage: node bench/throughput.js [latencyMs=300] [records=3000]   (needs a build)
import {spawn} from 'node:child_process'

const latencyMs = Number(process.argv[2] ?? 300)
const records = Number(process.argv[3] ?? 3000)
const bin = new URL('../bin/run.js', import.meta.url).pathname
const {startSandbox} = await import('../dist/lib/sandbox/server.js')
const sandbox = await startSandbox({rateLimit: false})
const origin = sandbox.url.replace(/\/api\/3$/, '')

const seed = (kind, body) => fetch(`${origin}/__sandbox/seed`, {method: 'POST', body: JSON.stringify({[kind]: body})})
await seed('tags', Array.from({length: records}, (_, index) => ({tag: `bench-${index}`})))
await seed('contacts', Array.from({length: records}, (_, index) => ({email: `bench-${index}@example.com`})))
sandbox.configure({rateLimit: 5, latencyMs})

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {...process.env, AC_API_URL: origin, AC_API_TOKEN: sandbox.token},
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ac ${args.join(' ')} exited ${code}`))))
  })
}

try {
  console.log(`latency ${latencyMs} ms, sandbox limit 5 req/s, ${records} records; node ${process.version}`)
  for (const resource of ['tags', 'contacts']) {
    sandbox.clearRequests()
    const started = Date.now()
    await run([resource, 'list', '--all', '-o', 'ndjson'])
    const seconds = (Date.now() - started) / 1000
    const requests = sandbox.requests.length
    const limited = sandbox.requests.filter((request) => request.status === 429).length
    const rate = requests / seconds
    console.log(`${resource.padEnd(9)} ${requests} requests (${limited} got 429) in ${seconds.toFixed(1)} s: ${rate.toFixed(2)} req/s, ${((rate / 5) * 100).toFixed(0)} % of 5`)
  }
} finally {
  await sandbox.close()
}
