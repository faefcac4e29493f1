import {spawnSync} from 'node:child_process'
import {createRequire} from 'node:module'
import {mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'

import {withSharedFlags} from '../../src/lib/manifest.js'

// What keeps `ac --help` fast, checked by what it loads rather than by a timing: help comes from
// the manifest, so it must list every command, and it must not load the libraries only a
// running command needs. The built CLI loads bundled files (scripts/bundle.js), most of them
// through V8's code cache (a vm.Script, src/lib/code-cache.cts), so each loaded file is mapped
// to the packages in it through dist/bundle/packages.json.

const root = fileURLToPath(new URL('../../', import.meta.url))
const bin = join(root, 'bin', 'run.js')
const HEAVY = ['got', 'conf', '@inquirer/prompts', '@inquirer/core', 'yaml', 'csv-parse', 'csv-stringify', 'jq-wasm', '@modelcontextprotocol/sdk', 'cli-table3', 'ajv']

type Manifest = {commands: Record<string, {flags?: Record<string, unknown>}>}
const manifest = withSharedFlags(JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))) as Manifest
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {oclif: {commands: {target: string}}}

/** Every ES module and CommonJS file a run of `ac ARGS` loads (a module hook records them). */
function loadedBy(args: string[], configDir?: string, env: Record<string, string> = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ac-loaded-'))
  const log = join(dir, 'loaded.txt')
  writeFileSync(join(dir, 'hooks.mjs'), `import {appendFileSync} from 'node:fs'\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n')\n  return next(url, context)\n}\n`)
  writeFileSync(
    join(dir, 'preload.mjs'),
    `import {register, createRequire} from 'node:module'\nimport {appendFileSync} from 'node:fs'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})\n` +
      `const Module = createRequire(import.meta.url)('node:module')\nconst compile = Module.prototype._compile\nModule.prototype._compile = function (content, filename) { appendFileSync(${JSON.stringify(log)}, filename + '\\n'); return compile.call(this, content, filename) }\n` +
      `const vm = createRequire(import.meta.url)('node:vm')\nconst Script = vm.Script\nvm.Script = function (code, options) { appendFileSync(${JSON.stringify(log)}, options.filename + '\\n'); return new Script(code, options) }\n`,
  )
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'preload.mjs')).href, bin, ...args], {
    env: {...process.env, AC_CONFIG_DIR: configDir ?? dir, AC_API_URL: '', AC_API_TOKEN: '', NO_COLOR: '1', ...env},
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (args.includes('--help')) expect(run.status, String(run.stderr)).toBe(0)
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((url) => (url.startsWith('file:') ? fileURLToPath(url) : url))
}

function packagesOf(files: string[]): Set<string> {
  const bundled = JSON.parse(readFileSync(join(root, 'dist', 'bundle', 'packages.json'), 'utf8')) as Record<string, string[]>
  const found = new Set<string>()
  for (const file of files) {
    const inBundle = relative(join(root, 'dist', 'bundle'), file).replaceAll('\\', '/')
    for (const name of bundled[inBundle] ?? []) found.add(name)
    const direct = file.match(/node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)[/\\](?!.*node_modules)/)?.[1]
    if (direct) found.add(direct.replaceAll('\\', '/'))
  }

  return found
}

describe('start-up', () => {
  it("the manifest and the bundle's table of commands both list every command file", () => {
    const dir = join(root, 'dist', 'commands')
    const files = readdirSync(dir, {recursive: true, withFileTypes: true})
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).replace(/\.js$/, '').replace(/(^|[/\\])index$/, '').replaceAll(/[/\\]/g, ':'))
    expect(Object.keys(manifest.commands).sort()).toEqual(files.sort())
    const table = createRequire(import.meta.url)(join(root, pkg.oclif.commands.target)) as {default: Record<string, unknown>}
    expect(Object.keys(table.default).sort()).toEqual(files.sort())
    for (const [id, command] of Object.entries(manifest.commands)) expect(command.flags, id).toBeDefined()
  })

  // A command's help is written from the command's class (src/lib/dispatch.ts: no manifest of every
  // command to read); the help of ac and of a topic comes from the manifest and loads no command.
  it.each([
    [['--help'], false],
    [['contacts', 'list', '--help'], true],
    [['contacts', '--help'], false],
  ])('ac %j loads none of the heavy libraries (a command: %s)', (args, command) => {
    const files = loadedBy(args)
    expect(files.some((file) => file.endsWith('ac.cjs'))).toBe(true)
    const heavy = HEAVY.filter((name) => packagesOf(files).has(name))
    expect(heavy).toEqual([])
    expect(files.some((file) => /[/\\]commands([/\\]|\.cjs$)/.test(file) && !file.includes('@oclif'))).toBe(command)
  })

  it('the hook sees what a real command loads (so an empty list above means something)', () => {
    // The profile store is opened through conf to list it (reading credentials does not load conf).
    const loaded = packagesOf(loadedBy(['profiles', 'list']))
    expect([...loaded].some((name) => HEAVY.includes(name))).toBe(true)
  })

  it('a command reads its stored profile without loading conf (conf is for changing the store)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-profile-'))
    writeFileSync(join(dir, 'config.json'), JSON.stringify({current: 'work', profiles: {work: {url: 'http://127.0.0.1:9', token: 'x'}}}), {mode: 0o600})
    const loaded = packagesOf(loadedBy(['tags', 'list'], dir, {AC_RETRIES: '0'}))
    expect(loaded.has('got')).toBe(true)
    expect(['conf', 'ajv'].filter((name) => loaded.has(name))).toEqual([])
  })

  describe('help asked again', () => {
    const help = (args: string[], dir: string, env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [bin, ...args], {env: {...process.env, AC_CONFIG_DIR: dir, NO_COLOR: '1', ...env}, encoding: 'utf8'})
    const stored = (dir: string) => readdirSync(join(dir, 'cache', 'help'), {recursive: true, withFileTypes: true}).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name))

    it('prints what oclif wrote the first time, without loading oclif', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ac-help-'))
      const first = help(['deals', 'create', '--help'], dir)
      expect(first.status).toBe(0)
      expect(stored(dir)).toHaveLength(1)
      const files = loadedBy(['deals', 'create', '--help'], dir)
      expect(files.some((file) => file.endsWith('ac.cjs'))).toBe(false)
      const again = help(['deals', 'create', '--help'], dir)
      expect(again.stdout).toBe(first.stdout)
      expect(again.status).toBe(0)
    })

    it('renders afresh at another width, and never for words that are not a help request', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ac-help-'))
      const narrow = help(['contacts', 'list', '--help'], dir)
      const wide = help(['contacts', 'list', '--help'], dir, {OCLIF_COLUMNS: '150'})
      expect(Math.max(...narrow.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80)
      expect(Math.max(...wide.stdout.split('\n').map((line) => line.length))).toBeGreaterThan(80)
      expect(stored(dir)).toHaveLength(2)
      help(['contacts', 'list'], dir, {AC_API_URL: 'http://127.0.0.1:9', AC_API_TOKEN: 'x', AC_RETRIES: '0'})
      expect(stored(dir)).toHaveLength(2)
    })

    it('a new build (the manifest written again) renders afresh and drops the old build\'s texts', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ac-help-'))
      expect(help(['--help'], dir).status).toBe(0)
      const [file] = stored(dir)
      writeFileSync(file, 'STALE\n')
      expect(help(['--help'], dir).stdout).toBe('STALE\n')
      const manifestFile = join(root, 'oclif.manifest.json')
      const {atime, mtime} = statSync(manifestFile)
      try {
        utimesSync(manifestFile, atime, new Date(mtime.getTime() + 5000))
        const fresh = help(['--help'], dir)
        expect(fresh.stdout).toContain('USAGE')
        expect(stored(dir)).toHaveLength(1)
        expect(stored(dir)[0]).not.toBe(file)
      } finally {
        utimesSync(manifestFile, atime, mtime)
      }
    })
  })
})
