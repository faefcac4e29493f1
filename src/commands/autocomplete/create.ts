import Create from '@oclif/plugin-autocomplete/lib/commands/autocomplete/create.js'

import {addBashFlagValues, addZshDataFiles} from '../../lib/completion.js'
import {restoreSharedFlags} from '../../lib/manifest.js'

// `ac autocomplete create` (hidden): writes the completion files, as `ac autocomplete` does.
export default class AutocompleteCreate extends Create {
  static override summary = 'Write the completion files for every shell (ac autocomplete does it too)'
  static override examples = ['ac autocomplete create']

  override async run(): Promise<void> {
    restoreSharedFlags(this.config)
    await super.run()
    addBashFlagValues(this.config)
    addZshDataFiles(this.config)
  }
}
