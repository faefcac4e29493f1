import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

// A file written whole or not at all: into a temporary file beside it, then renamed over it.
// CommonJS (.cts), for the files bin/run.js loads before anything else (the help store, the
// code cache); files.ts gives the rest of ac the same, with ac's error.

/** Where `path` is written before it is renamed into place: the same folder, so the same file system. */
export function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
}

/** Writes `data` to `path` at once; a failure leaves `path` as it was (and no temporary file). */
export function replaceFile(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temporary = temporaryBeside(path)
  try {
    writeFileSync(temporary, data, {mode})
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, {force: true})
    throw error
  }
}
