import {Flags} from '@oclif/core'

// The flags apply, clean and export share.
export const seedFlags = {
  state: Flags.string({description: 'State file: what apply created, for clean (default: beside the fixture, FILE.state.json)'}),
  'run-id': Flags.string({description: 'This run’s id, for ${run.id} in the fixture and a state file of its own (parallel jobs on one account)', env: 'AC_RUN_ID'}),
}
