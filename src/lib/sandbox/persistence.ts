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

function isTable(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const {nextId, rows} = value as {nextId?: unknown; rows?: unknown}
  return typeof nextId === 'number' && Array.isArray(rows)
    && rows.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row) && typeof (row as {id?: unknown}).id === 'string')
}

/**
 * Loads FILE into the store: false when it does not exist or is empty (a new account, saved
 * there on the first change). Anything else that is not a sandbox data file is a one-line
 * error naming the file, and the file is left alone.
 */
export function loadDataFile(file: string, store: Store): boolean {
  if (!existsSync(file)) return false
  const refuse = (why: string) => new Error(`sandbox: ${file} is not a sandbox data file (${why}); move it away or name another --data file`)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`sandbox: cannot read ${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  if (text.trim() === '') return false
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw refuse(`not JSON: ${(error as Error).message.split('\n')[0]}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw refuse(`it holds ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}, not an object`)
  const {version, collections} = data as Partial<DataFile>
  if (version !== FORMAT_VERSION) throw refuse(`version ${JSON.stringify(version) ?? 'missing'}, expected ${FORMAT_VERSION}`)
  if (typeof collections !== 'object' || collections === null || Array.isArray(collections)) throw refuse('no "collections" object')
  const broken = Object.entries(collections).find(([, table]) => !isTable(table))
  if (broken) throw refuse(`collection "${broken[0]}" is not {"nextId": N, "rows": [{"id": "..."}]}`)
  store.restore(collections)
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
    let text: string
    try {
      const data: DataFile = {version: FORMAT_VERSION, savedAt: new Date().toISOString(), collections: this.store.snapshot()}
      text = JSON.stringify(data)
    } catch (error) {
      // A value JSON cannot write (too deep, a BigInt...) must not take the process down.
      process.emitWarning(`sandbox: could not save ${this.file}: ${(error as Error).message}`)
      return this.writing
    }
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
