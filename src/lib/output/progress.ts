// Long work (`--all`, export, import, seed, bulk delete) shows a bar on stderr, only where a
// person watches it: stderr is a terminal, stdout is not being drawn on the same screen line
// by line, and the user did not ask for --quiet. The bar is cli-progress, loaded only when
// one is drawn: a command that shows none never pays for it.

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

interface Bar {
  start(total: number, value: number, payload: object): void
  update(value: number, payload: object): void
  setTotal(total: number): void
  stop(): void
}

export function progress(label: string, options: ProgressOptions = {}): Progress {
  if (!showsProgress(options)) return silent
  let bar: Bar | undefined
  let stopped = false
  let latest: {done: number; total?: number} = {done: 0}
  let knownTotal: number | undefined
  const started = Date.now()
  const payload = () => {
    const seconds = (Date.now() - started) / 1000
    return {label, rate: seconds > 0 ? (latest.done / seconds).toFixed(1) : '0.0'}
  }

  const draw = () => {
    if (!bar || stopped) return
    if (latest.total !== undefined && latest.total !== knownTotal) {
      knownTotal = latest.total
      bar.setTotal(Math.max(latest.total, 1))
    }

    bar.update(latest.done, payload())
  }

  // The module loads from the start (a short job would end before the bar could show); the
  // bar is made at the first update, when the total is known.
  const imported = import('cli-progress')
  imported.catch(() => {})
  let loading: Promise<void> | undefined
  const load = () => {
    loading ??= imported.then(({default: cliProgress}) => {
      if (stopped) return
      const withTotal = '{label} {bar} {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}'
      const counting = '{label} {value} | {rate}/s | {duration_formatted}'
      const created = new cliProgress.SingleBar(
        {
          format: latest.total === undefined ? counting : withTotal,
          stream: process.stderr,
          barsize: 24,
          fps: 10,
          // A bar killed by Ctrl-C must not leave the cursor hidden.
          hideCursor: false,
          clearOnComplete: true,
          linewrap: false,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
      knownTotal = latest.total
      created.start(Math.max(latest.total ?? 0, 1), latest.done, payload())
      bar = created as Bar
    })
  }

  return {
    update(done, total) {
      latest = {done, total: total ?? latest.total}
      if (bar) draw()
      else load()
    },
    done() {
      stopped = true
      bar?.stop()
    },
  }
}
