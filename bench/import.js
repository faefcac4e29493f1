// `contacts import` of generated rows against the sandbox with its real limits on: 5 req/s
// and the importer's 100 requests a minute. Prints the requests sent, the seconds taken, the
// floor those limits allow for that many requests, and the ratio (target <= 1.1 without --wait).
// Usage: node bench/import.js [rows=10000]   (needs a build)
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {acEnv, bin, startSandbox, timed} from './lib.js'

/** Seconds the limits allow at best for `requests` requests: 5 a second, 100 a minute for the importer. */
function floorSeconds(requests, importerRequests) {
  const bySecond = requests / 5
  const byMinute = importerRequests > 100 ? Math.floor((importerRequests - 1) / 100) * 60 : 0
  return Math.max(bySecond, byMinute)
}

export async function importBench(rows = 10_000) {
  const sandbox = await startSandbox({rateLimit: 5, importQuota: 100})
  const dir = mkdtempSync(join(tmpdir(), 'ac-bench-import-'))
  const file = join(dir, 'people.csv')
  const lines = ['email,first_name,last_name,tags']
  for (let index = 0; index < rows; index++) lines.push(`bench-${index}@example.com,First${index},Last${index},bench|import`)
  writeFileSync(file, lines.join('\n') + '\n')
  const results = []
  try {
    for (const args of [[], ['--wait']]) {
      sandbox.reset()
      sandbox.configure({importQuota: 100})
      sandbox.clearRequests()
      const result = await timed(process.execPath, [bin, 'contacts', 'import', file, '--quiet', ...args], acEnv(sandbox, {AC_CONFIG_DIR: dir, AC_BUDGET_DIR: join(dir, 'budget')}))
      if (result.code !== 0) throw new Error(`contacts import failed: ${result.stderr}`)
      const seconds = result.ms / 1000
      const requests = sandbox.requests.length
      const importer = sandbox.requests.filter((request) => request.path === '/import/bulk_import').length
      const refused = sandbox.requests.filter((request) => request.status === 429 || (request.status === 400 && request.path === '/import/bulk_import')).length
      const floor = floorSeconds(requests, importer)
      results.push({figure: `contacts import, ${rows} rows${args.length ? ', --wait' : ''}`, wait: args.length > 0, requests, importer, refused, seconds: Number(seconds.toFixed(2)), floor: Number(floor.toFixed(2)), ratio: Number((seconds / floor).toFixed(2))})
    }
  } finally {
    await sandbox.close()
    rmSync(dir, {recursive: true, force: true})
  }

  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2]) || 10_000
  console.log(`${rows} rows, sandbox limits 5 req/s and 100 imports a minute; node ${process.version}`)
  for (const row of await importBench(rows)) {
    console.log(`${row.figure.padEnd(34)} ${row.requests} requests (${row.importer} bulk imports, ${row.refused} refused) in ${row.seconds} s; floor ${row.floor} s; ratio ${row.ratio}`)
  }
}
