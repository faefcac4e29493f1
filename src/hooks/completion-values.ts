import type {Hook} from '@oclif/core'

// plugin-autocomplete's zsh function completes the values of a flag with `options`
// (`-o <TAB>` → table json ndjson csv yaml), its bash function completes flag names only.
// After it writes the completion files (`ac autocomplete`, `ac autocomplete create`), this
// adds the same values to the bash function. Every other command pays one string compare.

const WRITERS = new Set(['autocomplete', 'autocomplete:create'])

const hook: Hook<'postrun'> = async function (options) {
  if (!WRITERS.has(options.Command.id)) return
  const {addBashFlagValues} = await import('../lib/completion.js')
  addBashFlagValues(options.config)
}

export default hook
