// Bulk delete throughput against the sandbox enforcing the real 5 req/s limit, with ac
// pacing itself to it (AC_RATE_LIMIT unset): 1,000 tags deleted by `ac tags delete
// --ids-from - --yes`, at 0 ms and at 300 ms latency. Target: >= 4.85 req/s, no 429.
// Usage: node bench/bulk-delete.js [records=1000] [latencies=0,300]   (needs a build)
import {spawn} from 'node:child_process'

const records = Number(process.argv[2] ?? 1000)
const latencies = (process.argv[3] ?? '0,300').split(',').map(Number)
const bin = new URL('../bin/run.js', import.meta.url).pathname
const {startSandbox} = await import('../dist/lib/sandbox/server.js')

function deleteTags(origin, token, ids) {
  const env = {...process.env, AC_API_URL: origin, AC_API_TOKEN: token}
  delete env.AC_RATE_LIMIT
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'tags', 'delete', '--ids-from', '-', '--yes'], {env, stdio: ['pipe', 'ignore', 'inherit']})
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ac tags delete exited ${code}`))))
    child.stdin.end(ids.join('\n') + '\n')
  })
}

console.log(`${records} tags, sandbox limit 5 req/s; node ${process.version}`)
for (const latencyMs of latencies) {
  const sandbox = await startSandbox({rateLimit: false})
  try {
    const origin = sandbox.url.replace(/\/api\/3$/, '')
    const response = await fetch(`${origin}/__sandbox/seed`, {
      method: 'POST',
      body: JSON.stringify({tags: Array.from({length: records}, (_, index) => ({tag: `x${index}`}))}),
    })
    const {tags: ids} = await response.json()
    sandbox.configure({rateLimit: 5, latencyMs})
    sandbox.clearRequests()
    const started = Date.now()
    await deleteTags(origin, sandbox.token, ids)
    const seconds = (Date.now() - started) / 1000
    const requests = sandbox.requests
    const limited = requests.filter((request) => request.status === 429).length
    // On the wire: from the first request's arrival to the last's.
    const wire = (requests.at(-1).at - requests[0].at) / 1000
    const left = (await (await fetch(`${sandbox.url}/tags?limit=1`, {headers: {'Api-Token': sandbox.token}})).json()).meta.total
    console.log(
      `latency ${String(latencyMs).padStart(3)} ms: ${requests.length} requests (${limited} got 429) in ${seconds.toFixed(1)} s: ` +
        `${(requests.length / seconds).toFixed(2)} req/s overall, ${((requests.length - 1) / wire).toFixed(2)} req/s on the wire; ${left} tags left`,
    )
  } finally {
    await sandbox.close()
  }
}
