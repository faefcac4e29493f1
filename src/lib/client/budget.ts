import {closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs'
import {createHash} from 'node:crypto'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

// One request budget per account, shared by every `ac` process on this machine (parallel CI
// steps): a small file per account URL holds the times of the latest turns, and each turn
// is reserved under a lock file, so that together the processes keep to the account's
// 5 req/s. A process that dies holding the lock leaves it stale: after a moment (or once
// its pid is gone) the next process takes it over.

const staleLockMs = 1000
const lockRetryMs = 2

export interface Turns {
  /** When the latest turns start (ms since the epoch), oldest first; some may be in the future (reserved). */
  starts: number[]
  /** The process that took each turn (same order as `starts`). */
  pids: number[]
  /** Nobody sends before this (a 429's Retry-After). */
  holdUntil: number
}

function budgetDir(): string {
  return process.env.AC_BUDGET_DIR || join(tmpdir(), `ac-budget-${process.getuid?.() ?? 'user'}`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class SharedBudget {
  private readonly file: string
  private readonly lock: string

  constructor(account: string) {
    const dir = budgetDir()
    mkdirSync(dir, {recursive: true, mode: 0o700})
    const name = createHash('sha256').update(account).digest('hex').slice(0, 16)
    this.file = join(dir, `${name}.json`)
    this.lock = join(dir, `${name}.lock`)
  }

  /** Runs `change` on the shared turns with the lock held; what it returns is written back. */
  async update<T>(change: (turns: Turns) => T): Promise<T> {
    await this.acquire()
    try {
      const turns = this.read()
      const result = change(turns)
      writeFileSync(this.file, JSON.stringify(turns), {mode: 0o600})
      return result
    } finally {
      rmSync(this.lock, {force: true})
    }
  }

  private read(): Turns {
    try {
      const turns = JSON.parse(readFileSync(this.file, 'utf8')) as Turns
      if (Array.isArray(turns.starts) && Array.isArray(turns.pids) && typeof turns.holdUntil === 'number') return turns
    } catch {
      // Missing, or torn by a crash between write and rename: start afresh.
    }

    return {starts: [], pids: [], holdUntil: 0}
  }

  private async acquire(): Promise<void> {
    for (;;) {
      try {
        const fd = openSync(this.lock, 'wx', 0o600)
        writeSync(fd, String(process.pid))
        closeSync(fd)
        return
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }

      if (this.stale()) rmSync(this.lock, {force: true})
      else await new Promise((resolve) => setTimeout(resolve, lockRetryMs))
    }
  }

  private stale(): boolean {
    try {
      const holder = Number(readFileSync(this.lock, 'utf8'))
      if (holder && !alive(holder)) return true
      return Date.now() - statSync(this.lock).mtimeMs > staleLockMs
    } catch {
      return false
    }
  }
}
