// `--all` against the sandbox enforcing the real 5 requests per sliding second, with ac pacing
// itself (AC_RATE_LIMIT unset). The floor is what the limit allows at best for the records
// (100 a page, 5 pages a second); time is the command's whole run, start-up included.
// Targets: >= 0.97 of the floor at no latency (5,000 contacts), >= 0.95 at 300 ms (3,000), no 429.
// Usage: node bench/throughput.js [--json]   (needs a build)
import {acEnv, bin, seed, startSandbox, timed} from './lib.js'

export async function throughput(cases = [{resource: 'contacts', records: 5000, latencyMs: 0}, {resource: 'contacts', records: 3000, latencyMs: 300}, {resource: 'tags', records: 3000, latencyMs: 300}]) {
  const rows = []
  for (const {resource, records, latencyMs} of cases) {
    const sandbox = await startSandbox({rateLimit: false})
    try {
      const body = resource === 'contacts' ? Array.from({length: records}, (_, index) => ({email: `bench-${index}@example.com`})) : Array.from({length: records}, (_, index) => ({tag: `bench-${index}`}))
      await seed(sandbox, {[resource]: body})
      sandbox.configure({rateLimit: 5, latencyMs})
      sandbox.clearRequests()
      const result = await timed(process.execPath, [bin, resource, 'list', '--all', '-o', 'ndjson'], acEnv(sandbox, {AC_BUDGET_DIR: `/tmp/ac-bench-budget-${process.pid}`}))
      if (result.code !== 0) throw new Error(`ac ${resource} list --all failed: ${result.stderr}`)
      const floor = Math.ceil(records / 100) / 5
      const seconds = result.ms / 1000
      const limited = sandbox.requests.filter((request) => request.status === 429).length
      rows.push({figure: `--all ${records} ${resource}, ${latencyMs} ms latency`, requests: sandbox.requests.length, limited, seconds: Number(seconds.toFixed(2)), floor, ratio: Number((floor / seconds).toFixed(3))})
    } finally {
      await sandbox.close()
    }
  }

  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await throughput()
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else for (const row of rows) console.log(`${row.figure.padEnd(40)} ${row.requests} requests, ${row.limited} got 429, ${row.seconds} s, floor ${row.floor} s: ${row.ratio} of the ceiling`)
}
