import {createWriteStream, renameSync, rmSync, type WriteStream} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {usageError} from '../errors.js'

// Files `ac` writes (a failures file, an export) appear whole or not at all: written to a
// temporary file beside the target (same file system, so the rename is atomic), renamed
// over it at the end, removed if the job fails half-way.

export interface AtomicFile {
  stream: WriteStream
  /** Flushes and renames into place. */
  commit(): Promise<void>
  /** Removes the temporary file; the target is left as it was. */
  abort(): void
}

/** Opens the temporary file first, so an unwritable target fails before any work is done. */
export async function openAtomic(path: string): Promise<AtomicFile> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  const stream = createWriteStream(temporary)
  let failure: Error | undefined
  stream.on('error', (error) => (failure ??= error))
  const cannot = (error: Error) => usageError(`Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)
  await new Promise<void>((resolve) => {
    stream.once('open', () => resolve())
    stream.once('error', () => resolve())
  })
  if (failure) throw cannot(failure)
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve) => stream.end(() => resolve()))
      if (failure) {
        rmSync(temporary, {force: true})
        throw cannot(failure)
      }

      renameSync(temporary, path)
    },
    abort() {
      stream.destroy()
      rmSync(temporary, {force: true})
    },
  }
}

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const file = await openAtomic(path)
  try {
    file.stream.write(text)
    await file.commit()
  } catch (error) {
    file.abort()
    throw error
  }
}
