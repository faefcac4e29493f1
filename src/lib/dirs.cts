import {homedir} from 'node:os'
import {join} from 'node:path'

// Where ac keeps things on this machine, the same folders oclif uses for `ac`:
// - config: AC_CONFIG_DIR, else $XDG_CONFIG_HOME/ac, else ~/.config/ac (profiles, audit log,
//   oclif's theme.json);
// - cache: AC_CACHE_DIR (bin/run.js points it into a moved config folder), else
//   ~/Library/Caches/ac on macOS, else $XDG_CACHE_HOME/ac, else ~/.cache/ac.
// CommonJS (.cts), so that bin/run.js can read the help store (help/cache.cts) before Node's ES
// module loader starts.

export function configDir(): string {
  if (process.env.AC_CONFIG_DIR) return process.env.AC_CONFIG_DIR
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ac')
}

export function cacheDir(): string {
  return process.env.AC_CACHE_DIR || userCacheDir()
}

/** The user's own cache folder for ac, whatever AC_CACHE_DIR says (the code cache: compiled code, no data). */
export function userCacheDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'ac')
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ac')
}
