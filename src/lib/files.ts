import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

// Files ac writes for the user (state files, exports, failure reports) are never half
// written: the text goes to a temporary file beside the target, which is then renamed over
// it in one step. An interrupted write leaves the old file, or none, never a torn one.

export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  try {
    writeFileSync(temporary, text, {mode})
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, {force: true})
    throw error
  }
}
