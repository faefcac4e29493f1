// Long lists (`--all`) say how far they are, on stderr, only where a person watches it:
// stderr is a terminal and stdout is not being drawn on the same screen line by line.

export interface Progress {
  update(progress: {fetched: number; total?: number}): void
  done(): void
}

const silent: Progress = {update() {}, done() {}}

export function progress(label: string, options: {stdoutBuffered: boolean}): Progress {
  if (!process.stderr.isTTY || (process.stdout.isTTY && !options.stdoutBuffered)) return silent
  let shown = false
  return {
    update({fetched, total}) {
      const of = total === undefined ? '' : `/${total} (${Math.floor((fetched / Math.max(total, 1)) * 100)}%)`
      process.stderr.write(`\r${label}: ${fetched}${of}\u001B[K`)
      shown = true
    },
    done() {
      if (shown) process.stderr.write('\r\u001B[K')
    },
  }
}
