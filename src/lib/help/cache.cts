import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {cacheDir, configDir} from '../dirs.cjs'
import {replaceFile} from '../atomic.cjs'
import {isHelpRequest} from './request.cjs'

// Help text, once rendered, is kept: the same words asked for again, of the same build, at the
// same width, print the text oclif wrote the first time instead of loading oclif to write it
// again (~25 ms instead of ~90). It is the man-page trick (catman): nothing is ever rendered
// differently, only not twice. bin/run.js reads (printStoredHelp), ac's help class writes
// (storeHelp) after it rendered; both key on the same things:
// - the build: oclif.manifest.json's size and time (every build and every install writes it);
// - the words after `ac`, exactly (`-h` and `--help` are two entries), and the Node version
//   (root help shows it);
// - what oclif wraps and colours by: the width (OCLIF_COLUMNS, else the terminal's, else 80 in
//   a pipe), a theme file in the config folder, and the colour variables.
// Files live in the cache folder (AC_CACHE_DIR, as oclif's own), one folder per build; writing
// one removes the folders of other builds. Any error (read-only disk, no home) means no store.
// CommonJS (.cts), so that bin/run.js reads the store before Node's ES module loader starts.

const manifest = join(__dirname, '..', '..', '..', 'oclif.manifest.json')


/** oclif's width for help (src: @oclif/core/lib/screen.js): OCLIF_COLUMNS, else the terminal's (40 at least), else 80. */
function width(): number {
  const fixed = Number.parseInt(process.env.OCLIF_COLUMNS ?? '', 10)
  if (fixed) return fixed
  if (!process.stdout.isTTY) return 80
  const columns = process.stdout.getWindowSize()[0]
  return columns < 1 ? 80 : Math.max(columns, 40)
}

function stamp(path: string): string {
  try {
    const {mtimeMs, size} = statSync(path)
    return `${size}-${Math.trunc(mtimeMs)}`
  } catch {
    return 'none'
  }
}

/** The folder of this build and the file of these words, or undefined when the build cannot be told. */
function entry(args: readonly string[]): {folder: string; file: string} | undefined {
  const build = stamp(manifest)
  if (build === 'none') return undefined
  const env = ['NO_COLOR', 'FORCE_COLOR', 'TERM', 'OCLIF_DISABLE_THEME', 'AC_DISABLE_THEME'].map((name) => process.env[name] ?? '')
  const key = JSON.stringify([args, process.version, width(), stamp(join(configDir(), 'theme.json')), env])
  const folder = join(cacheDir(), 'help', build)
  return {folder, file: join(folder, `${createHash('sha1').update(key).digest('hex')}.txt`)}
}

/** Prints the stored help for these words and says so; false when there is none (oclif renders it). */
export function printStoredHelp(args: readonly string[]): boolean {
  if (!isHelpRequest(args)) return false
  try {
    const found = entry(args)
    if (!found) return false
    process.stdout.write(readFileSync(found.file, 'utf8'))
    return true
  } catch {
    return false
  }
}

/** Keeps the help oclif just printed for the words this process was started with. */
export async function storeHelp(text: string, args: readonly string[] = process.argv.slice(2)): Promise<void> {
  if (!isHelpRequest(args) || text.length === 0) return
  try {
    const found = entry(args)
    if (!found) return
    const parent = dirname(found.folder)
    mkdirSync(found.folder, {recursive: true})
    for (const other of readdirSync(parent)) if (join(parent, other) !== found.folder) rmSync(join(parent, other), {recursive: true, force: true})
    replaceFile(found.file, text)
  } catch {
    // a cache that cannot be written is no cache: the help was printed all the same
  }
}
