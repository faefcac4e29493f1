// Start-up cost of `ac` against `node -e 0` in the same run: medians of N runs each.
// Targets: --version <= 1.5x, --help <= 4x, a one-request list <= 6x.
// Usage: node bench/startup.js [runs]   (needs a build: npm run build)
// Note the environment in any figure you quote: NODE_EXTRA_CA_CERTS adds ~55 ms to every node start.
import {spawnSync} from 'node:child_process'

const runs = Number(process.argv[2] ?? 15)
const bin = new URL('../bin/run.js', import.meta.url).pathname

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(args, env) {
  const samples = []
  for (let index = 0; index < runs; index++) {
    const started = process.hrtime.bigint()
    const result = spawnSync(process.execPath, args, {env: {...process.env, ...env}, stdio: ['ignore', 'ignore', 'pipe']})
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
    samples.push(Number(process.hrtime.bigint() - started) / 1e6)
  }

  return median(samples)
}

// The sandbox runs in a child process: spawnSync would block an in-process one.
const server = (await import('node:child_process')).spawn(process.execPath, [bin, 'sandbox', 'start', '--rate-limit', '0'], {stdio: ['ignore', 'pipe', 'ignore']})
const exportLine = await new Promise((resolve) => server.stdout.once('data', (data) => resolve(String(data))))
const [, url, token] = /AC_API_URL=(\S+) AC_API_TOKEN=(\S+)/.exec(exportLine)
try {
  const baseline = time(['-e', '0'])
  const rows = [
    ['node -e 0', baseline],
    ['ac --version', time([bin, '--version'])],
    ['ac --help', time([bin, '--help'])],
    ['ac contacts list (1 request)', time([bin, 'contacts', 'list'], {AC_API_URL: url, AC_API_TOKEN: token})],
  ]
  console.log(`median of ${runs} runs; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'}; node ${process.version}`)
  for (const [name, ms] of rows) console.log(`${name.padEnd(30)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / baseline).toFixed(2)}x`)
} finally {
  server.kill('SIGTERM')
}
