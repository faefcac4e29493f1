// Start-up of `ac` against `node -e 0`, in the same run, interleaved (so load drifts hit all
// alike): medians of N runs, with and without NODE_EXTRA_CA_CERTS (which this machine sets
// and which costs every node start ~55 ms), on every Node major found, with peers if present.
// Targets: --version <= 1.3x, --help <= 3x, one-request list <= 4x.
// Usage: node bench/startup.js [runs=11] [--json]   (needs a build)
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {acEnv, bin, median, nodeBinaries, peers, startSandbox, timed} from './lib.js'

export async function startup(runs = 11) {
  const sandbox = await startSandbox({rateLimit: false})
  const rows = []
  try {
    const environments = [['NODE_EXTRA_CA_CERTS set', process.env.NODE_EXTRA_CA_CERTS], ['unset', undefined]].filter(([label, value]) => value || label === 'unset')
    for (const {label: nodeLabel, path: node} of nodeBinaries()) {
      for (const [envLabel, certs] of environments) {
        const env = acEnv(sandbox, {NODE_EXTRA_CA_CERTS: certs, AC_RATE_LIMIT: '0'})
        const cases = [
          ['node -e 0', node, ['-e', '0']],
          ['ac --version', node, [bin, '--version']],
          // Help is kept once rendered (src/lib/help/cache.ts): the first time at a width renders it
          // with oclif, every time after prints the kept text. Both are figures.
          ['ac --help (first time)', node, [bin, '--help'], () => ({AC_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-bench-help-'))})],
          ['ac --help', node, [bin, '--help']],
          ['ac contacts list --help (first time)', node, [bin, 'contacts', 'list', '--help'], () => ({AC_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-bench-help-'))})],
          ['ac contacts list --help', node, [bin, 'contacts', 'list', '--help']],
          ['ac contacts list (1 request)', node, [bin, 'contacts', 'list']],
          ...(node === process.execPath ? peers().map(({label, command, args}) => [label, command, args]) : []),
        ]
        const samples = new Map(cases.map(([name]) => [name, []]))
        for (let run = 0; run < runs; run++) {
          for (const [name, command, args, fresh] of cases) {
            const result = await timed(command, args, fresh ? {...env, ...fresh()} : env)
            if (result.code !== 0 && !name.startsWith('heroku') && !name.startsWith('twilio')) throw new Error(`${name} failed: ${result.stderr}`)
            samples.get(name).push(result.ms)
          }
        }

        const base = median(samples.get('node -e 0'))
        for (const [name] of cases) {
          const ms = median(samples.get(name))
          rows.push({node: nodeLabel, env: envLabel, figure: name, ms: Math.round(ms), ratio: Number((ms / base).toFixed(2))})
        }
      }
    }
  } finally {
    await sandbox.close()
  }

  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await startup(Number(process.argv[2]) || 11)
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else for (const row of rows) console.log(`${row.node.padEnd(14)} ${row.env.padEnd(24)} ${row.figure.padEnd(30)} ${String(row.ms).padStart(5)} ms  ${row.ratio}x`)
}
