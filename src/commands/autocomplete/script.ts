import Script from '@oclif/plugin-autocomplete/lib/commands/autocomplete/script.js'

// `ac autocomplete script SHELL` (hidden): the line a shell's start-up file runs.
export default class AutocompleteScript extends Script {
  static override summary = 'Print the line that loads completion in a shell start-up file'
  static override examples = ['ac autocomplete script bash']
}
