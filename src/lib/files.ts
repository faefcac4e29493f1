import {createWriteStream, renameSync, rmSync, type WriteStream} from 'node:fs'

import {replaceFile, temporaryBeside} from './atomic.cjs'
import {usageError} from './errors.js'

// Files `ac` writes for the user (state files, exports, failure reports) appear whole or not
// at all: written to a temporary file beside the target (same file system, so the rename is
// atomic), renamed over it at the end, removed if the job fails half-way.

export interface AtomicFile {
  stream: WriteStream
  /** Flushes and renames into place. */
  commit(): Promise<void>
  /** Removes the temporary file; the target is left as it was. */
  abort(): void
}

/** Opens the temporary file first, so an unwritable target fails before any work is done. */
export async function openAtomic(path: string): Promise<AtomicFile> {
  const temporary = temporaryBeside(path)
  const stream = createWriteStream(temporary)
  let failure: Error | undefined
  stream.on('error', (error) => (failure ??= error))
  await new Promise<void>((resolve) => {
    stream.once('open', () => resolve())
    stream.once('error', () => resolve())
  })
  if (failure) throw cannotWrite(path, failure)
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve) => stream.end(() => resolve()))
      if (failure) {
        rmSync(temporary, {force: true})
        throw cannotWrite(path, failure)
      }

      renameSync(temporary, path)
    },
    abort() {
      stream.destroy()
      rmSync(temporary, {force: true})
    },
  }
}

/** The whole text at once; `mode` 0600 for files that say what is in an account. */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  try {
    replaceFile(path, text, mode)
  } catch (error) {
    throw cannotWrite(path, error as Error)
  }
}

function cannotWrite(path: string, error: Error): Error {
  return usageError(`Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)
}
