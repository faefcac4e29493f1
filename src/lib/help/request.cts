// Whether the words after `ac` ask for help. CommonJS (.cts) with no imports: bin/run.js asks it
// first thing, and the bundle carries its own copy (src/lib/dispatch.ts).

/** `ac`, `ac help ...`, or any words with -h/--help before a `--`: what oclif answers with help. */
export function isHelpRequest(args: readonly string[]): boolean {
  if (args.length === 0 || args[0] === 'help') return true
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')
}
