import Script from '@oclif/plugin-autocomplete/lib/commands/autocomplete/script.js'

import {setupVariable} from '../../lib/completion.js'

// `ac autocomplete script SHELL` (hidden): the line a shell's start-up file runs.
export default class AutocompleteScript extends Script {
  static override summary = 'Print the line that loads completion in a shell start-up file'
  static override examples = ['ac autocomplete script bash']

  // The same name `ac autocomplete` tells the user about (AC_BASH_SETUP_PATH, not the plugin's AC_AC_BASH_SETUP_PATH).
  override getSetupEnvVar(shell: string): string {
    return setupVariable(shell)
  }
}
