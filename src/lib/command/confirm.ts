import {AcError, ExitCode, usageError} from '../errors.js'

// The one guard in front of every delete, bulk change and clean-up: ask on a terminal,
// refuse without --yes anywhere else (a script must say it means it).

/** A person can answer a prompt: stdin and stderr (where prompts go) are a terminal. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

export interface ConfirmOptions {
  yes?: boolean
  dryRun?: boolean
}

/**
 * Refuses at once when nobody could answer: a job that must look records up before it can
 * ask (how many contacts carry this tag?) calls this first, so a refused script sends nothing.
 */
export function refuseUnlessConfirmable(what: string, options: ConfirmOptions): void {
  if (options.yes || options.dryRun || isInteractive()) return
  const action = what.charAt(0).toLowerCase() + what.slice(1)
  throw usageError(`Refusing to ${action.replace(/\?$/, '')} without confirmation: not running interactively`, 'Pass --yes to confirm')
}

export async function confirmOrRefuse(question: string, options: ConfirmOptions): Promise<void> {
  refuseUnlessConfirmable(question, options)
  if (options.yes || options.dryRun) return
  const {confirm} = await import('@inquirer/prompts')
  const confirmed = await confirm({message: question, default: false}, {output: process.stderr})
  if (!confirmed) throw new AcError('Cancelled', {code: 'cancelled', exitCode: ExitCode.usage})
}
