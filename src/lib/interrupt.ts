// Ctrl-C (SIGINT) and SIGTERM for every job, in one place.
//
// On the signal `ac` stops: no new request leaves (the client parks any request asked for
// after it, so the job's own code never sees a failure it would misreport), the requests
// already on the wire get a moment to answer (their answers are recorded by the job as
// usual), then every job that registered with `onInterrupt` writes what it knows (a seed
// state file, the rows an import did not send, what a delete did) and says so with the
// command that resumes it, and the process exits 130. Handlers run synchronously: nothing
// they write may wait for the event loop. A second signal skips the wait.

import {ExitCode} from './errors.js'

/** What a job does when interrupted: writes its state (synchronously) and returns lines for stderr. */
export type InterruptHandler = (signal: NodeJS.Signals) => string | string[] | void

/** How long requests in flight get to answer after the signal, before they are abandoned. */
const graceMs = Number(process.env.AC_INTERRUPT_GRACE_MS ?? 600)
const pollMs = 10

const handlers = new Set<InterruptHandler>()
let stoppingSignal: NodeJS.Signals | undefined
let installed = false
let inFlight = 0
let finished = false

/** Whether a signal asked the job to stop: jobs check it between steps that send nothing. */
export function stopping(): boolean {
  return stoppingSignal !== undefined
}

/** Registers what to write on interruption; call the returned function when the job is over. */
export function onInterrupt(handler: InterruptHandler): () => void {
  installInterruptHandling()
  handlers.add(handler)
  return () => handlers.delete(handler)
}

/**
 * The client's hook around every request attempt: after a signal, a request not yet sent
 * never starts (its promise stays pending until the process exits 130); one that is sent is
 * counted until it answers, so the stop waits for it (at most the grace period).
 */
export async function inFlightRequest<T>(send: () => Promise<T>): Promise<T> {
  if (stopping()) return parked<T>()
  inFlight++
  try {
    return await send()
  } finally {
    inFlight--
  }
}

/** A promise that never settles: the job waits on it until the process exits. */
export function parked<T>(): Promise<T> {
  return new Promise<T>(() => {})
}

/** The command line that ran, as a person would type it again. */
export function sameCommand(replace?: {from: string; to: string}): string {
  const words = process.argv.slice(2)
  if (replace) {
    const at = words.indexOf(replace.from)
    if (at !== -1) words[at] = replace.to
  }

  return ['ac', ...words].map(shellWord).join(' ')
}

export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

/** Installs the signal listeners once (bin/run.js then leaves the exit to us). */
export function installInterruptHandling(): void {
  if (installed) return
  installed = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => interrupt(signal))
}

function interrupt(signal: NodeJS.Signals): void {
  if (stoppingSignal !== undefined) {
    // Asked twice: stop now.
    finish(signal)
    return
  }

  stoppingSignal = signal
  const started = Date.now()
  const wait = () => {
    if (inFlight === 0 || Date.now() - started >= graceMs) finish(signal)
    else setTimeout(wait, pollMs)
  }

  // The answers already on their way are recorded first (they settle on a later turn).
  setTimeout(wait, pollMs)
}

function finish(signal: NodeJS.Signals): void {
  if (finished) return
  finished = true
  const lines: string[] = []
  for (const handler of [...handlers]) {
    try {
      const said = handler(signal)
      if (said) lines.push(...(Array.isArray(said) ? said : [said]))
    } catch (error) {
      lines.push(`Could not save the job's state: ${(error as Error).message}`)
    }
  }

  const abandoned = inFlight > 0 ? ` (${inFlight} request${inFlight === 1 ? '' : 's'} still in flight abandoned)` : ''
  process.stderr.write(`Interrupted (${signal})${abandoned}.${lines.length > 0 ? '\n' + lines.join('\n') : ''}\n`)
  exitWhenFlushed()
}

/** A pipe that was full holds writes in memory: they (the closing `]` too) reach the reader before the exit. */
function exitWhenFlushed(): void {
  const exit = () => process.exit(ExitCode.interrupted)
  const waiting = [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0)
  if (waiting.length === 0) return exit()
  let left = waiting.length
  for (const stream of waiting) stream.once('drain', () => --left === 0 && exit())
  // A reader that stopped reading does not hold the exit for long.
  setTimeout(exit, 300)
}
