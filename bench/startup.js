// Start-up of `ac` against `node -e 0`, in the same run, interleaved (so load drifts hit all
// alike): medians of N runs, with and without NODE_EXTRA_CA_CERTS (which this machine sets
// and which costs every node start ~55 ms), on every Node major found, with peers if present.
// Targets: --version <= 1.3x, --help <= 3x, one-request list <= 4x.
// ac loads its bundle through V8's code cache (src/lib/code-cache.cts), kept in a folder of the
// bench's own here and warmed by one run of each case before timing: every figure is what a
// start costs once the build has run once on that Node. The first run of a build, which
// compiles and writes the cache, is a figure of its own (a fresh cache folder every time).
// Usage: node bench/startup.js [runs=11] [--json]   (needs a build)
import {mkdtempSync, writeFileSync} from 'node:fs'
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
        const env = acEnv(sandbox, {NODE_EXTRA_CA_CERTS: certs, AC_RATE_LIMIT: '0', AC_CODE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-bench-code-'))})
        // A saved login (`ac auth login`) instead of AC_API_URL and AC_API_TOKEN: what people at a terminal have.
        const profileDir = mkdtempSync(join(tmpdir(), 'ac-bench-profile-'))
        writeFileSync(join(profileDir, 'config.json'), JSON.stringify({current: 'bench', profiles: {bench: {url: env.AC_API_URL, token: env.AC_API_TOKEN}}}), {mode: 0o600})
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
          ['ac contacts list (1 request, saved login)', node, [bin, 'contacts', 'list'], () => ({AC_CONFIG_DIR: profileDir, AC_API_URL: undefined, AC_API_TOKEN: undefined})],
          ['ac contacts list (first run of a build)', node, [bin, 'contacts', 'list'], () => ({AC_CODE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ac-bench-code-'))})],
          ...(node === process.execPath ? peers().map(({label, command, args}) => [label, command, args]) : []),
        ]
        const samples = new Map(cases.map(([name]) => [name, []]))
        const envOf = (fresh) => Object.fromEntries(Object.entries(fresh ? {...env, ...fresh()} : env).filter(([, value]) => value !== undefined))
        for (const [, command, args, fresh] of cases) await timed(command, args, envOf(fresh))
        for (let run = 0; run < runs; run++) {
          for (const [name, command, args, fresh] of cases) {
            const result = await timed(command, args, envOf(fresh))
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
