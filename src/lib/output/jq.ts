import {AcError, ExitCode, usageError} from '../errors.js'

// `--jq EXPR`: jq's own language over what a command would print as JSON, as `gh --jq` does
// (strings print raw). jq-wasm is jq itself compiled to WebAssembly: no binary to install,
// and it is loaded only when the flag is used.

type Jq = {raw(input: string, filter: string, flags?: string[]): Promise<string>}

let loaded: Promise<Jq> | undefined
const jq = () => (loaded ??= import('jq-wasm').then((module) => module.default as unknown as Jq))

/** jq's message without its own `jq: error:` prefix and quoting advice, on one line. */
function jqMessage(error: unknown): string {
  return String((error as Error).message ?? error)
    .replace(/\njq: \d+ compile errors?$/, '')
    .replace(/^jq: error(?: \(at [^)]*\))?: /, '')
    .replace(' (Unix shell quoting issues?)', '')
    .replaceAll(/\s*\n\s*/g, ' ')
    .trim()
}

/** A bad expression is a usage error, found before any request: it is compiled against `null`. */
export async function checkJq(expression: string): Promise<void> {
  if (!expression.trim()) throw usageError('--jq needs an expression', 'For example --jq ".[].email"')
  try {
    await (await jq()).raw('null', expression, ['-r'])
  } catch (error) {
    // Only a compile error is the expression's fault; `.[]` on null fails at run time and is fine.
    if (/compile error/.test(String((error as Error).message))) throw usageError(`--jq: ${jqMessage(error)}`)
  }
}

/** What jq prints for the value: one result a line, strings raw. */
export async function runJq(value: unknown, expression: string): Promise<string> {
  try {
    const text = await (await jq()).raw(JSON.stringify(value ?? null), expression, ['-r'])
    return text === '' || text.endsWith('\n') ? text : `${text}\n`
  } catch (error) {
    throw new AcError(`--jq: ${jqMessage(error)}`, {code: 'jq', exitCode: ExitCode.usage})
  }
}
