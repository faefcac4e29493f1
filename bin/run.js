#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm install` through `prepare`); never ts-node.

// `ac ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})
// Ctrl-C: what was printed is complete lines (output is written a line at a time); exit 130.
// A command that handles SIGINT itself (the sandbox saves its data first) takes over.
process.once('SIGINT', () => {
  if (process.listenerCount('SIGINT') === 0) process.exit(130)
})

// `ac --version` answers without loading oclif: it is what scripts call to check the tool.
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === '--version') {
  const {readFileSync} = await import('node:fs')
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
  process.exit(0)
}

// oclif keeps the completion cache in its cacheDir: AC_CACHE_DIR, else $XDG_CACHE_HOME/ac, else
// ~/.cache/ac. A moved config folder (AC_CONFIG_DIR: tests, CI, a second account) takes the
// cache with it, so nothing of one setup leaks into another.
if (process.env.AC_CONFIG_DIR && !process.env.AC_CACHE_DIR) {
  const {join} = await import('node:path')
  process.env.AC_CACHE_DIR = join(process.env.AC_CONFIG_DIR, 'cache')
}

const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
