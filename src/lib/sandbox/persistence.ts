// The optional data file: read at start, rewritten whole after mutations (debounced), each
// write atomic (FILE.tmp-PID then rename) so a crash never leaves half a file.

import {existsSync, readFileSync} from 'node:fs'
import {rename, writeFile} from 'node:fs/promises'

import type {Store, StoreSnapshot} from './store.js'

const FORMAT_VERSION = 1
const DEBOUNCE_MS = 20

interface DataFile {
  version: number
  savedAt: string
  collections: StoreSnapshot
}

export function loadDataFile(file: string, store: Store): boolean {
  if (!existsSync(file)) return false
  let data: DataFile
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as DataFile
  } catch (error) {
    throw new Error(`sandbox: ${file} is not a sandbox data file: ${(error as Error).message}`)
  }
  if (data.version !== FORMAT_VERSION || typeof data.collections !== 'object') {
    throw new Error(`sandbox: ${file} is not a sandbox data file (version ${String(data.version)})`)
  }
  store.restore(data.collections)
  return true
}

export class Persistence {
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly file: string, private readonly store: Store) {}

  /** A mutation happened: write soon. */
  schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.write()
    }, DEBOUNCE_MS)
  }

  /** Writes now if a write is pending, and waits for every write in flight. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
      await this.write()
    }
    await this.writing
  }

  private write(): Promise<void> {
    const data: DataFile = {version: FORMAT_VERSION, savedAt: new Date().toISOString(), collections: this.store.snapshot()}
    const text = JSON.stringify(data)
    const temporary = `${this.file}.tmp-${process.pid}`
    this.writing = this.writing.then(async () => {
      await writeFile(temporary, text)
      await rename(temporary, this.file)
    }).catch((error: Error) => {
      process.emitWarning(`sandbox: could not save ${this.file}: ${error.message}`)
    })
    return this.writing
  }
}
