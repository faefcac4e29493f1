import Autocomplete from '@oclif/plugin-autocomplete/lib/commands/autocomplete/index.js'

import {addBashFlagValues, addZshDataFiles, setupVariable} from '../../lib/completion.js'
import {restoreSharedFlags} from '../../lib/manifest.js'

// `ac autocomplete [SHELL]`: plugin-autocomplete's command, run as one of ac's own (a plugin costs
// every start a package lookup and a second manifest to read). After it writes the completion
// files, the bash function also gets the values of flags that take one of a fixed set
// (`-o <TAB>`), as zsh's has them.
export default class AutocompleteCommand extends Autocomplete {
  static override summary = 'Set up tab completion for bash, zsh or PowerShell'
  static override description = 'Writes the completion files into the cache folder, then prints the line to add to your shell start-up file.'
  static override examples = ['ac autocomplete', 'ac autocomplete zsh', 'ac autocomplete --refresh-cache']

  // The plugin names it <BIN>_AC_<SHELL>_SETUP_PATH (AC for autocomplete): for `ac` that read AC_AC_BASH_SETUP_PATH.
  override getSetupEnvVar(shell: string): string {
    return setupVariable(shell)
  }

  override async run(): Promise<void> {
    restoreSharedFlags(this.config)
    await super.run()
    addBashFlagValues(this.config)
    addZshDataFiles(this.config)
  }
}
