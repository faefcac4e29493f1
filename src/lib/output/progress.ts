// Long lists (`--all`) say how far they are, on stderr, only where a person watches it:
// stderr is a terminal and stdout is not being drawn on the same screen line by line.

export interface Progress {
  update(progress: {fetched: number; total?: number}): void
  done(): void
}

const silent: Progress = {update() {}, done() {}}

/** `pages`: whether the work spans several requests; one request needs no progress. */
export function progress(label: string, options: {stdoutBuffered: boolean; pages: boolean}): Progress {
  if (!options.pages || !process.stderr.isTTY || (process.stdout.isTTY && !options.stdoutBuffered)) return silent
  let width = 0
  return {
    update({fetched, total}) {
      const of = total === undefined ? '' : `/${total} (${Math.floor((fetched / Math.max(total, 1)) * 100)}%)`
      const line = `${label}: ${fetched}${of}`
      // Plain carriage returns and spaces: no escape sequences, so NO_COLOR terminals stay clean.
      process.stderr.write(`\r${line.padEnd(width)}`)
      width = line.length
    },
    done() {
      if (width > 0) process.stderr.write(`\r${' '.repeat(width)}\r`)
    },
  }
}
