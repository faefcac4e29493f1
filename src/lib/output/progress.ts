// Long work (`--all`, export, import, seed, bulk delete) shows a bar on stderr, only where a
// person watches it: stderr is a terminal, stdout is not being drawn on the same screen line
// by line, and the user did not ask for --quiet.
//
// The bar is drawn here, on one line (\r, text cut to the screen, erase to the end of the line),
// and wiped whenever it is not wanted: when the job ends, fails, exits or is interrupted, and
// before each write to a piped stdout (`ac contacts list --all | head` prints on the same
// screen: its lines must not glue to the bar). No cursor saving, no line-wrap switching: a bar
// killed half-way leaves nothing behind.

import {fstatSync} from 'node:fs'

import {onInterrupt} from '../interrupt.js'

export interface Progress {
  /** `done` units of `total` (unknown while undefined); redrawn at most 10 times a second. */
  update(done: number, total?: number): void
  /** Clears the bar; the job's summary follows on a clean line. */
  done(): void
}

export interface ProgressOptions {
  /** stdout is a table drawn only at the end (so the bar may share the screen until then). */
  stdoutBuffered?: boolean
  /** Whether the work spans several requests; one request needs no bar. Default true. */
  long?: boolean
  quiet?: boolean
}

const silent: Progress = {update() {}, done() {}}

/** Whether a bar would be drawn: what tests and summaries ask before drawing one. */
export function showsProgress(options: ProgressOptions = {}): boolean {
  if (options.long === false || options.quiet || !process.stderr.isTTY) return false
  return !process.stdout.isTTY || Boolean(options.stdoutBuffered)
}

const barSize = 24
const frameMs = 100
const clearLine = '\r\u001B[2K'

/** `42s`, `3m05s`, `1h02m`: the time left or taken, as a bar shows it. */
function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞'
  const whole = Math.max(0, Math.round(seconds))
  if (whole < 60) return `${whole}s`
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`
}

/** Whether stdout is a pipe: its reader may print on this very screen (`| head`, `| less`). */
function stdoutIsPipe(): boolean {
  try {
    return fstatSync(1).isFIFO()
  } catch {
    return false
  }
}

export function progress(label: string, options: ProgressOptions = {}): Progress {
  if (!showsProgress(options)) return silent
  const stream = process.stderr
  const started = Date.now()
  let latest: {done: number; total?: number} = {done: 0}
  let drawn = false
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  const text = () => {
    const seconds = (Date.now() - started) / 1000
    const rate = seconds > 0 ? latest.done / seconds : 0
    const perSecond = `${rate.toFixed(1)}/s`
    if (latest.total === undefined) return `${label} ${latest.done} | ${perSecond} | ${duration(seconds)}`
    const total = Math.max(latest.total, 1)
    const share = Math.min(latest.done / total, 1)
    const filled = Math.round(share * barSize)
    const eta = latest.done >= total ? 0 : rate > 0 ? (total - latest.done) / rate : Number.POSITIVE_INFINITY
    return `${label} ${'█'.repeat(filled)}${'░'.repeat(barSize - filled)} ${latest.done}/${total} ${Math.floor(share * 100)}% | ${perSecond} | ETA ${duration(eta)}`
  }

  const wipe = () => {
    if (!drawn) return
    drawn = false
    stream.write(clearLine)
  }

  const draw = () => {
    timer = undefined
    if (stopped) return
    // One character short of the screen: a full line would wrap on some terminals.
    const width = (stream as {columns?: number}).columns || 80
    stream.write(`\r${[...text()].slice(0, Math.max(width - 1, 10)).join('')}\u001B[K`)
    drawn = true
  }

  const schedule = () => {
    if (stopped || timer) return
    timer = setTimeout(draw, frameMs)
    timer.unref()
  }

  // A piped stdout's reader prints on this screen: the bar steps aside before each write and
  // comes back on the next frame, below what was printed.
  const stdout = process.stdout as NodeJS.WriteStream
  const originalWrite = stdout.write
  const sharesScreen = stdoutIsPipe()
  if (sharesScreen) {
    stdout.write = function (this: NodeJS.WriteStream, ...args: Parameters<typeof originalWrite>) {
      wipe()
      schedule()
      return originalWrite.apply(this, args)
    } as typeof originalWrite
  }

  const stop = () => {
    if (stopped) return
    stopped = true
    if (timer) clearTimeout(timer)
    wipe()
    if (sharesScreen) stdout.write = originalWrite
    process.off('exit', stop)
    offInterrupt()
  }

  // A job that fails, exits or is interrupted leaves no bar behind (nor glues its last words to one).
  process.on('exit', stop)
  const offInterrupt = onInterrupt(() => {
    stop()
  })

  return {
    update(done, total) {
      latest = {done, total: total ?? latest.total}
      if (!drawn && !timer && !stopped) draw()
      else schedule()
    },
    done: stop,
  }
}
