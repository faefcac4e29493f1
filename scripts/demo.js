// `npm run demo`: a real session against the built-in sandbox, in a throw-away config dir.
// Starts the sandbox in this process, then runs the built `ac` exactly as a user would.
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const {startSandbox} = await import('../dist/lib/sandbox/server.js')
const sandbox = await startSandbox({})
const configDir = mkdtempSync(join(tmpdir(), 'ac-demo-'))
const env = {...process.env, AC_CONFIG_DIR: configDir, AC_API_URL: sandbox.url.replace(/\/api\/3$/, ''), AC_API_TOKEN: sandbox.token}
const bin = new URL('../bin/run.js', import.meta.url).pathname

/** Commands that did not exit 0: the demo is also CI's smoke test on each Node major. */
const failed = []

function ac(...args) {
  process.stdout.write(`\n$ ac ${args.map((arg) => (/^[\w@.:/=,-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ')}\n`)
  // Asynchronous on purpose: the sandbox answers from this same event loop.
  return new Promise((resolve) => {
    spawn(process.execPath, [bin, ...args], {env, stdio: 'inherit'}).on('exit', (code, signal) => {
      if (code !== 0) failed.push(`ac ${args.join(' ')} (${signal ?? `exit ${code}`})`)
      resolve(code)
    })
  })
}

console.log(`Sandbox API on ${sandbox.url} (token ${sandbox.token}); config in ${configDir}`)
try {
  await ac('auth', 'status')
  await ac('contacts', 'create', '--email', 'ann@example.com', '--first-name', 'Ann', '--last-name', 'Lee', '--phone', '+1 555 0100')
  await ac('contacts', 'create', '--email', 'bob@example.com', '--first-name', 'Bob')
  await ac('contacts', 'sync', '--email', 'cleo@example.com', '--first-name', 'Cleo')
  await ac('tags', 'create', '--tag', 'VIP', '--tag-type', 'contact')
  await ac('contacts', 'tag', 'ann@example.com', '--tag', 'VIP')
  await ac('contacts', 'list')
  await ac('contacts', 'list', '--tag', 'VIP')
  await ac('tags', 'list', '--json')
  await ac('contacts', 'delete', 'bob@example.com', '--yes')
  await ac('contacts', 'list', '-o', 'csv', '--columns', 'id,email,firstName')
} finally {
  await sandbox.close()
  rmSync(configDir, {recursive: true, force: true})
}

if (failed.length > 0) {
  console.error(`\ndemo: ${failed.length} command(s) failed: ${failed.join('; ')}`)
  process.exitCode = 1
}
