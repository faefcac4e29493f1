// `seed apply` of a 200-record fixture (tags, lists, contacts with their tags and lists,
// deals in a pipeline) against the sandbox at 5 req/s: time against what the limit allows
// for the requests it sent (requests ÷ 5). Target: <= 1.1 x. Then the same apply again (every
// record found and reused: what a re-run of a CI job costs), and `seed clean`, likewise.
// Usage: node bench/seed.js [--json]   (needs a build)
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {acEnv, bin, startSandbox, timed} from './lib.js'

function fixture() {
  const lines = ['tags:', ...Array.from({length: 20}, (_, i) => `  t${i}: {tag: Bench tag ${i}}`), 'lists:', ...Array.from({length: 10}, (_, i) => `  l${i}: {name: Bench list ${i}}`)]
  lines.push('pipelines:', '  sales: {title: Bench sales}', 'stages:', '  open: {title: Open, group: sales}')
  lines.push('contacts:', ...Array.from({length: 50}, (_, i) => `  c${i}: {email: bench-${i}@example.com, tags: [t${i % 20}], lists: [l${i % 10}]}`))
  lines.push('deals:', ...Array.from({length: 18}, (_, i) => `  d${i}: {title: Bench deal ${i}, value: 100, currency: usd, contact: c${i}, stage: open}`))
  return lines.join('\n') + '\n'
}

export async function seedBench() {
  const dir = mkdtempSync(join(tmpdir(), 'ac-bench-seed-'))
  const file = join(dir, 'bench.yml')
  writeFileSync(file, fixture())
  const sandbox = await startSandbox({rateLimit: 5})
  const rows = []
  try {
    const runs = [
      ['seed apply, 200 records', ['seed', 'apply', file, '--quiet']],
      ['seed apply again, all reused', ['seed', 'apply', file, '--quiet']],
      ['seed clean, 200 records', ['seed', 'clean', file, '--yes', '--quiet']],
    ]
    for (const [figure, args] of runs) {
      sandbox.clearRequests()
      const result = await timed(process.execPath, [bin, ...args], acEnv(sandbox, {AC_CONFIG_DIR: dir, AC_BUDGET_DIR: join(dir, 'budget')}))
      if (result.code !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
      const requests = sandbox.requests.length
      const floor = requests / 5
      rows.push({figure, requests, limited: sandbox.requests.filter((request) => request.status === 429).length, seconds: Number((result.ms / 1000).toFixed(2)), floor, ratio: Number((result.ms / 1000 / floor).toFixed(2))})
    }
  } finally {
    await sandbox.close()
    rmSync(dir, {recursive: true, force: true})
  }

  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await seedBench()
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else for (const row of rows) console.log(`${row.figure.padEnd(30)} ${row.requests} requests (${row.limited} got 429) in ${row.seconds} s; floor ${row.floor} s; ${row.ratio} x`)
}
