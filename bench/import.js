// `contacts import` of generated rows against the sandbox with its real limits on: 5 req/s
// and the importer's 100 requests a minute. Prints the requests sent, the seconds taken, the
// floor those limits allow for that many requests, and the ratio (target <= 1.1 without --wait).
// Usage: node bench/import.js [rows=10000]   (needs a build)
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const rows = Number(process.argv[2] ?? 10_000)
const bin = new URL('../bin/run.js', import.meta.url).pathname
const {startSandbox} = await import('../dist/lib/sandbox/server.js')
const sandbox = await startSandbox({rateLimit: 5, importQuota: 100})
const origin = sandbox.url.replace(/\/api\/3$/, '')
const dir = mkdtempSync(join(tmpdir(), 'ac-bench-import-'))
const file = join(dir, 'people.csv')
const lines = ['email,first_name,last_name,tags']
for (let index = 0; index < rows; index++) lines.push(`bench-${index}@example.com,First${index},Last${index},bench|import`)
writeFileSync(file, lines.join('\n') + '\n')

function run(args) {
  const env = {...process.env, AC_API_URL: origin, AC_API_TOKEN: sandbox.token, AC_CONFIG_DIR: dir}
  // The real pacing: 5 req/s.
  delete env.AC_RATE_LIMIT
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', 'ignore', 'inherit']})
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ac ${args.join(' ')} exited ${code}`))))
  })
}

/** Seconds the limits allow at best for `requests` requests: 5 a second, 100 a minute for the importer. */
function floorSeconds(requests, importerRequests) {
  const bySecond = requests / 5
  const byMinute = importerRequests > 100 ? Math.floor((importerRequests - 1) / 100) * 60 : 0
  return Math.max(bySecond, byMinute)
}

try {
  console.log(`${rows} rows, sandbox limits 5 req/s and 100 imports a minute; node ${process.version}`)
  for (const args of [[], ['--wait']]) {
    sandbox.reset()
    sandbox.configure({importQuota: 100})
    sandbox.clearRequests()
    const started = Date.now()
    await run(['contacts', 'import', file, '--quiet', ...args])
    const seconds = (Date.now() - started) / 1000
    const requests = sandbox.requests.length
    const importer = sandbox.requests.filter((request) => request.path === '/import/bulk_import').length
    const refused = sandbox.requests.filter((request) => request.status === 429 || (request.status === 400 && request.path === '/import/bulk_import')).length
    const floor = floorSeconds(requests, importer)
    const label = args.length ? 'with --wait' : 'no --wait'
    console.log(`${label.padEnd(12)} ${requests} requests (${importer} bulk imports, ${refused} refused) in ${seconds.toFixed(2)} s; floor ${floor.toFixed(2)} s; ratio ${(seconds / floor).toFixed(2)}`)
  }
} finally {
  await sandbox.close()
  rmSync(dir, {recursive: true, force: true})
}
