// Bulk delete against the sandbox enforcing the real 5 req/s limit, with ac pacing itself
// (AC_RATE_LIMIT unset): 1,000 tags deleted by `ac tags delete --ids-from - --yes`, at 0 ms
// and at 300 ms latency. Target: >= 4.85 req/s, no 429.
// Usage: node bench/bulk-delete.js [records=1000] [latencies=0,300] [--json]   (needs a build)
import {acEnv, bin, seed, startSandbox, timed} from './lib.js'

export async function bulkDelete(records = 1000, latencies = [0, 300]) {
  const rows = []
  for (const latencyMs of latencies) {
    const sandbox = await startSandbox({rateLimit: false})
    try {
      const {tags: ids} = await seed(sandbox, {tags: Array.from({length: records}, (_, index) => ({tag: `x${index}`}))})
      sandbox.configure({rateLimit: 5, latencyMs})
      sandbox.clearRequests()
      const env = acEnv(sandbox, {AC_BUDGET_DIR: `/tmp/ac-bench-budget-${process.pid}`})
      const result = await timed(process.execPath, [bin, 'tags', 'delete', '--ids-from', '-', '--yes'], env, {input: ids.join('\n') + '\n'})
      if (result.code !== 0) throw new Error(`tags delete failed: ${result.stderr}`)
      const requests = sandbox.requests
      const seconds = result.ms / 1000
      // On the wire: from the first request's arrival to the last's.
      const wire = (requests.at(-1).at - requests[0].at) / 1000
      rows.push({
        figure: `bulk delete, ${records} tags, ${latencyMs} ms latency`,
        requests: requests.length,
        limited: requests.filter((request) => request.status === 429).length,
        seconds: Number(seconds.toFixed(1)),
        rate: Number(((requests.length - 1) / wire).toFixed(2)),
        overall: Number((requests.length / seconds).toFixed(2)),
      })
    } finally {
      await sandbox.close()
    }
  }

  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
  const rows = await bulkDelete(Number(positional[0]) || 1000, (positional[1] ?? '0,300').split(',').map(Number))
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else for (const row of rows) console.log(`${row.figure.padEnd(40)} ${row.requests} requests (${row.limited} got 429) in ${row.seconds} s: ${row.rate} req/s on the wire, ${row.overall} overall`)
}
