import {AcError, ExitCode, usageError} from '../errors.js'

// The one guard in front of every delete, bulk change and clean-up: ask on a terminal,
// refuse without --yes anywhere else (a script must say it means it).

/** A person can answer a prompt: stdin and stderr (where prompts go) are a terminal. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

export async function confirmOrRefuse(question: string, options: {yes?: boolean; dryRun?: boolean}): Promise<void> {
  if (options.yes || options.dryRun) return
  if (!isInteractive()) {
    throw usageError(`Refusing to ${question.replace(/\?$/, '')} without confirmation: not running interactively`, 'Pass --yes to confirm')
  }

  const {confirm} = await import('@inquirer/prompts')
  const confirmed = await confirm({message: question, default: false}, {output: process.stderr})
  if (!confirmed) throw new AcError('Cancelled', {code: 'cancelled', exitCode: ExitCode.usage})
}
