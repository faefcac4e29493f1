#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm install` through `prepare`); never ts-node.
// CommonJS (bin/package.json says so): Node starts a CommonJS file ~4 ms sooner than an ES
// module, and `ac --version` and help asked again are done before anything needs the ES loader.
'use strict'

// `ac ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})
// Ctrl-C or SIGTERM: what was printed is complete lines (output is written a line at a time); exit 130.
// A command that handles the signal itself takes over: a job that sends requests (src/lib/interrupt.ts
// writes its state and the command that resumes it), the sandbox (it saves its data first).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (process.listenerCount(signal) === 0) process.exit(130)
  })
}

// Global flags before the command (`ac --profile work tags list`, as gh and heroku allow)
// move behind it, where oclif looks for them.
const valued = new Set(['--profile', '--max-writes', '-o', '--output', '--timeout', '--retries'])
const switches = new Set(['--debug', '--read-only', '--json', '--quiet', '-q', '--dry-run', '--yes', '-y'])
const args = process.argv.slice(2)
const leading = []
while (args.length > 0 && (valued.has(args[0].split('=')[0]) || switches.has(args[0]))) {
  const flag = args.shift()
  leading.push(flag)
  if (valued.has(flag) && args.length > 0) leading.push(args.shift())
}

if (leading.length > 0 && args.length > 0) process.argv.splice(2, process.argv.length, ...args, ...leading)

// `ac --version` (also -v and `ac version`) answers without loading oclif: it is what scripts call to check the tool.
if (args.length === 1 && ['--version', '-v', 'version'].includes(args[0])) {
  const {name, version} = require('../package.json')
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
  process.exit(0)
}

// oclif keeps the completion cache in its cacheDir: AC_CACHE_DIR, else $XDG_CACHE_HOME/ac, else
// ~/.cache/ac. A moved config folder (AC_CONFIG_DIR: tests, CI, a second account) takes the
// cache with it, so nothing of one setup leaks into another.
if (process.env.AC_CONFIG_DIR && !process.env.AC_CACHE_DIR) {
  process.env.AC_CACHE_DIR = require('node:path').join(process.env.AC_CONFIG_DIR, 'cache')
}

// Help asked for again prints the text oclif wrote the first time, without loading oclif
// (src/lib/help/cache.cts says what the stored text is keyed on).
const words = process.argv.slice(2)
const isHelp = require('../dist/lib/help/request.cjs').isHelpRequest(words)
const helpAgain = isHelp && require('../dist/lib/help/cache.cjs').printStoredHelp(words)

if (!helpAgain) runOclif()

async function runOclif() {
  // Node 22.1+ keeps the compiled code of what is required from node_modules (yaml, the MCP SDK).
  require('node:module').enableCompileCache?.()

  // oclif, every command and ac's own code come in one CommonJS bundle (scripts/bundle.js), loaded
  // through V8's code cache (src/lib/code-cache.cts). The bundled oclif still reads its own package.json.
  globalThis.__acOclifDir = require.resolve('@oclif/core').replace(/index\.js$/, '')
  const codeCache = require('../dist/lib/code-cache.cjs')
  if (!isHelp) codeCache.commandRan()
  // oclif checks on import that this node satisfies its own engines range (semver: ~5 ms to parse);
  // package.json's engines, which npm checks, are narrower. Only for the import: children never see it.
  const engineWarning = process.env.OCLIF_DISABLE_ENGINE_WARNING
  process.env.OCLIF_DISABLE_ENGINE_WARNING = '1'
  const {run} = codeCache.load(require('node:path').join(__dirname, '..', 'dist', 'bundle', 'ac.cjs'))
  if (engineWarning === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING
  else process.env.OCLIF_DISABLE_ENGINE_WARNING = engineWarning
  // src/lib/dispatch.ts: the command the words name, started without reading every command's description.
  await run(require('node:path').join(__dirname, '..'))
}
