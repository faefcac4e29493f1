// The work the runner hands off, each piece loaded only when a command needs it, so that a
// plain list or get starts without any of them: the one way in for the runner's jobs.

const loaders = {
  /** `ac tags delete 3 4 5`, `--ids-from`, selections: many deletes at the rate limit. */
  bulkDelete: () => import('../bulk/delete.js'),
  /** `get --with tags,lists`: a record's relations by name. */
  relations: () => import('../actions/relations.js'),
  /** Names instead of ids in terminal tables, and their cache. */
  names: () => import('../names/index.js'),
  /** `get` on a terminal: the whole record in sections. */
  wholeRecord: () => import('../names/record.js'),
  /** `get --web`: the record's page in the app. */
  browser: () => import('../browser.js'),
  /** A write whose answer was lost, settled by the record's natural key. */
  once: () => import('../once/settle.js'),
  /** At a terminal: what is missing is asked for. */
  asking: () => import('./ask.js'),
}

export type JobName = keyof typeof loaders

export function job<Name extends JobName>(name: Name): ReturnType<(typeof loaders)[Name]> {
  return loaders[name]() as ReturnType<(typeof loaders)[Name]>
}
