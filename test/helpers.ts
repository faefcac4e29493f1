import {execFile, spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, expect} from 'vitest'

import {startSandbox, type Sandbox, type SandboxOptions} from '../src/lib/sandbox/server.js'

// Tests run the real, built CLI (bin/run.js → dist/) as a child process against the
// project's own sandbox over HTTP on 127.0.0.1, with the config store in a temp folder.

const bin = new URL('../bin/run.js', import.meta.url).pathname

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: Record<string, string | undefined>
  input?: string
  /** Leave out the sandbox's AC_API_URL/AC_API_TOKEN. */
  noCredentials?: boolean
  /** Kill the child after this long instead of CHILD_TIMEOUT_MS (a job paced at 5 req/s for a minute). */
  timeoutMs?: number
}

export interface Harness {
  sandbox: Sandbox
  configDir: string
  env: Record<string, string>
  ac(args: string[], options?: RunOptions): Promise<Run>
  /** Requests the sandbox received, as `METHOD /path`. */
  requestLines(): string[]
  /** One of the sandbox's own controls (`/__sandbox/faults`...), which must succeed; its JSON answer. */
  control(method: string, path: string, body?: unknown): Promise<any>
  /** A GET of the API itself, as a client with the token would send it; its JSON answer. */
  api(path: string): Promise<any>
  /** Records put straight into the sandbox (`{contacts: [...], tags: [...]}`), ids kept. */
  seed(body: Record<string, unknown[]>): Promise<void>
  /** `ac ARGS` on a pseudo-terminal COLUMNS wide, stdout and stderr both on the screen. */
  onTty(args: string[], columns?: number, env?: Record<string, string>): Promise<Run>
}

/** Every child process is killed after this long: well inside the 30 s test timeout. */
export const CHILD_TIMEOUT_MS = 20_000

/**
 * The secrets check over the whole suite: every CLI run's stdout and stderr (with --debug,
 * --dry-run, errors, whatever the test asked for) is searched for the API token it was given.
 * A leak fails the very test whose run leaked, naming the command. Tokens a test passes on
 * purpose where they are meant to be seen (`auth login --token-stdin` reads it; nothing prints
 * it) need no exception: nothing `ac` prints may hold one.
 */
export const leakChecks = {runs: 0}
function assertNoToken(args: string[], env: Record<string, string | undefined>, input: string | undefined, run: Run): void {
  leakChecks.runs++
  const tokens = [env.AC_API_TOKEN, env.ACTIVECAMPAIGN_API_KEY, args.includes('--token-stdin') ? input?.trim() : undefined].filter((token): token is string => Boolean(token && token.length >= 8))
  for (const token of tokens) {
    if (run.stdout.includes(token) || run.stderr.includes(token)) {
      expect.fail(`SECRET LEAKED: the API token appeared in the ${run.stdout.includes(token) ? 'stdout' : 'stderr'} of \`ac ${args.join(' ')}\``)
    }
  }
}

/** Every file under a folder, but the profile store (config.json), which is where tokens belong. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, {recursive: true, encoding: 'utf8'})
    .map((name) => join(dir, name))
    .filter((path) => !path.endsWith('config.json') && statSync(path, {throwIfNoEntry: false})?.isFile())
}

/** The same check over what runs leave behind: audit log, seed state files, the sandbox's request log. */
export function assertNoTokenAtRest(token: string, dir: string, sandbox?: Sandbox): void {
  for (const path of filesUnder(dir)) {
    if (statSync(path).size > 20 * 1024 * 1024) continue
    if (readFileSync(path, 'utf8').includes(token)) expect.fail(`SECRET LEAKED: the API token is in ${path}`)
  }
  if (sandbox && JSON.stringify(sandbox.requests).includes(token)) expect.fail('SECRET LEAKED: the API token is in the sandbox request log')
}

export function runAc(args: string[], env: Record<string, string | undefined>, input?: string, timeoutMs = CHILD_TIMEOUT_MS): Promise<Run> {
  // A variable set to undefined is one the test wants unset (AC_RATE_LIMIT: pace as the CLI does by default).
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined))
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      {env: defined as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs},
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        const run = {code, stdout, stderr}
        try {
          assertNoToken(args, env, input, run)
        } catch (leak) {
          // Rejected, not resolved: the test that ran it fails at its await, loudly.
          reject(leak)
          return
        }
        resolve(run)
      },
    )
    child.stdin?.end(input ?? '')
  })
}

/** A sandbox and a temp config dir for one test file; torn down after it. */
export function useHarness(options: SandboxOptions = {}): Harness {
  const harness = {} as Harness
  beforeAll(async () => {
    harness.sandbox = await startSandbox({rateLimit: false, ...options})
    harness.configDir = mkdtempSync(join(tmpdir(), 'ac-test-'))
    harness.env = {
      PATH: process.env.PATH ?? '',
      HOME: harness.configDir,
      NO_COLOR: '1',
      AC_CONFIG_DIR: harness.configDir,
      AC_API_URL: harness.sandbox.url.replace(/\/api\/3$/, ''),
      AC_API_TOKEN: harness.sandbox.token,
      // The sandbox in tests does not limit; pacing is tested where it matters.
      AC_RATE_LIMIT: '0',
    }
    harness.ac = (args, run = {}) => {
      const env: Record<string, string | undefined> = {...harness.env, ...run.env}
      if (run.noCredentials) {
        delete env.AC_API_URL
        delete env.AC_API_TOKEN
      }

      return runAc(args, env, run.input, run.timeoutMs)
    }

    harness.requestLines = () => harness.sandbox.requests.map((request) => `${request.method} ${request.path}`)
    const origin = () => harness.sandbox.url.replace(/\/api\/3$/, '')
    harness.control = async (method, path, body) => {
      const response = await fetch(`${origin()}/__sandbox${path}`, {method, body: body === undefined ? undefined : JSON.stringify(body)})
      expect(response.ok, await response.clone().text()).toBe(true)
      return response.json()
    }
    harness.api = async (path) => (await fetch(`${harness.sandbox.url}${path}`, {headers: {'Api-Token': harness.sandbox.token}})).json()
    harness.seed = async (body) => void (await harness.control('POST', '/seed', body))
    harness.onTty = (args, columns = 120, env = {}) => {
      const command = [process.execPath, bin, ...args].map(shellQuote).join(' ')
      return runScript(`stty cols ${columns}; ${command}`, {...harness.env, TERM: 'xterm', ...env})
    }
  })
  afterAll(async () => {
    if (harness.configDir && harness.sandbox) assertNoTokenAtRest(harness.sandbox.token, harness.configDir, harness.sandbox)
    await harness.sandbox?.close()
    if (harness.configDir) rmSync(harness.configDir, {recursive: true, force: true})
  })
  return harness
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), answering each prompt when its
 * text appears on the screen: no guessing how long start-up takes on a loaded machine.
 */
export function onTerminal(
  args: string[],
  env: Record<string, string | undefined>,
  answers: Array<[prompt: string, keys: string]> = [],
): Promise<{code: number; output: string}> {
  const command = [process.execPath, bin, ...args].map(shellQuote).join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {env: {...env, TERM: 'dumb'} as NodeJS.ProcessEnv, detached: true})
    let output = ''
    const pending = [...answers]
    child.stdout.on('data', (chunk) => {
      output += String(chunk)
      while (pending.length > 0 && output.includes(pending[0][0])) child.stdin.write(pending.shift()![1])
    })
    const timer = setTimeout(() => killGroup(child.pid), CHILD_TIMEOUT_MS)
    child.on('exit', (code) => {
      clearTimeout(timer)
      child.stdin.end()
      try {
        assertNoToken(args, env, undefined, {code: code ?? 1, stdout: output, stderr: ''})
      } catch (leak) {
        reject(leak)
        return
      }
      resolve({code: code ?? 1, output})
    })
  })
}

export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`
}

/** SIGKILL a detached child's whole process group: `script` and the CLI under it. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/**
 * Runs a shell command line under util-linux `script` (a pseudo-terminal), in its own
 * process group, killed as a whole after CHILD_TIMEOUT_MS.
 */
export function runScript(command: string, env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {env: env as NodeJS.ProcessEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.stdin.end()
    const timer = setTimeout(() => killGroup(child.pid), CHILD_TIMEOUT_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code: code ?? 1, stdout, stderr})
    })
  })
}
