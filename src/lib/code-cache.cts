import {isAscii} from 'node:buffer'
import {lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import Module, {createRequire} from 'node:module'
import {basename, dirname, join} from 'node:path'
import {Script} from 'node:vm'

import {replaceFile} from './atomic.cjs'
import {userCacheDir} from './dirs.cjs'

// ac's bundle (dist/bundle/*.cjs, scripts/bundle.js) is loaded through V8's code cache: the code
// V8 compiled for a file, kept after the first run that used it, so later starts deserialize
// instead of parsing and compiling (~11 ms instead of ~22 for oclif alone; Node 22's own compile
// cache keeps only the top level, so functions are compiled again every start). The cache is
// written when the process exits, after the command ran, so it holds every function that run
// compiled; a run of a command after a run of help only (what the cache was made from) writes
// it again, once, with the command's code in it.
//
// Safe by construction: V8 checks a cache against its own version, flags and the source's
// length and rejects a mismatch (then the file is compiled as usual and the cache written anew);
// the file name carries what V8 does not check: the Node version, the architecture, the bundle
// file's path, size and time (a new build or install is a new name).
// The folder is the user's own cache folder (AC_CODE_CACHE_DIR, else $XDG_CACHE_HOME/ac/code,
// else ~/.cache/ac/code), created 0700; one owned by someone else, or a link, is not used.
// AC_CODE_CACHE=0 turns it off. Any error means the file is required as usual.
// CommonJS (.cts): bin/run.js loads it before anything else.

type Kind = 'help' | 'run'
interface Pending {
  script: Script
  file: string
  /** Only a cache made from help is there: write one only if a command ran. */
  ifRan: boolean
}

const pending: Pending[] = []
let kind: Kind = 'help'
let folder: string | undefined | null

function cacheFolder(): string | undefined {
  if (folder !== undefined) return folder ?? undefined
  folder = null
  if (process.env.AC_CODE_CACHE === '0') return undefined
  const dir = process.env.AC_CODE_CACHE_DIR || join(userCacheDir(), 'code')
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700})
    const stat = lstatSync(dir)
    if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) return undefined
    folder = dir
  } catch {
    return undefined
  }

  return folder
}

/** Tells the cache that a command ran (not only help): its code is worth keeping. */
export function commandRan(): void {
  kind = 'run'
}

/** require(file), through the code cache where there is one. */
export function load(file: string): unknown {
  const cached = require.cache[file]
  if (cached) return cached.exports
  const dir = cacheFolder()
  if (!dir) return require(file)
  // scripts/bundle.js writes ASCII: read as one-byte text, twice as fast as decoding UTF-8.
  const bytes = readFileSync(file)
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
  const {size, mtimeMs} = statSync(file)
  const name = join(dir, `${basename(file)}-${process.version}-${process.arch}-${fnv1a(file)}-${size}-${Math.round(mtimeMs)}`)
  let cachedData: Buffer | undefined
  let made: Kind | undefined
  for (const which of ['run', 'help'] as const) {
    try {
      cachedData = readFileSync(`${name}.${which}`)
      made = which
      break
    } catch {}
  }

  const script = new Script(Module.wrap(source), {filename: file, cachedData})
  const module = new Module(file, require.main)
  module.filename = file
  module.paths = (Module as unknown as {_nodeModulePaths(dir: string): string[]})._nodeModulePaths(dirname(file))
  require.cache[file] = module
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  try {
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
    module.loaded = true
  } catch (error) {
    delete require.cache[file]
    throw error
  }

  const usable = cachedData !== undefined && !script.cachedDataRejected
  if (!usable || made === 'help') pending.push({script, file: name, ifRan: usable})
  return module.exports
}

/** A short hash of the file's path (FNV-1a): two installs never share a cache. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193)
  return (hash >>> 0).toString(36)
}

process.once('exit', () => {
  for (const {script, file, ifRan} of pending) {
    // A cache made from help is replaced once, by the first run of a command.
    if (ifRan && kind !== 'run') continue
    try {
      replaceFile(`${file}.${kind}`, script.createCachedData(), 0o600)
      // The caches of earlier builds of the same file, on this Node, are of no more use; nor are
      // any not written for a month (an install that is gone: a CI clone, a Node removed).
      const stem = basename(file).replace(/-\d+-\d+$/, '-')
      const old = Date.now() - 30 * 24 * 3600 * 1000
      for (const other of readdirSync(dirname(file))) {
        const path = join(dirname(file), other)
        if ((other.startsWith(stem) && !other.startsWith(basename(file))) || statSync(path).mtimeMs < old) rmSync(path, {force: true})
      }
    } catch {}
  }
})
