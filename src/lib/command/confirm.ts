import {AcError, ExitCode, usageError} from '../errors.js'
import {canConfirm, confirmDeletion} from '../prompter/index.js'

// The one guard in front of every delete, bulk change and clean-up: ask on a terminal,
// refuse without --yes anywhere else (a script must say it means it), and with --no-input
// or AC_NO_INPUT=1 (a person who said "never ask me").

/** A person can answer a prompt: the prompter's rule (stdin and stderr a terminal, input not turned off). */
export function isInteractive(): boolean {
  return canConfirm()
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
  if (!(await confirmDeletion(question))) throw new AcError('Cancelled', {code: 'cancelled', exitCode: ExitCode.usage})
}
