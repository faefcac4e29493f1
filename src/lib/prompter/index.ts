// The prompt room: the one module that asks a person anything, and the one that decides
// whether anyone may be asked. Everything else calls these functions and never imports
// @inquirer/prompts itself (it costs start-up time, so it is loaded on the first question).
// Questions go to stderr, so stdout stays the command's data.

export interface Choice<T> {
  /** What the person sees. */
  name: string
  value: T
  /** A dimmed line under the highlighted choice (a stage's pipeline, a contact's name). */
  description?: string
}

let noInputFlag = false

/** `--no-input`, as parsed by the command; AC_NO_INPUT=1 says the same from the environment. */
export function setNoInput(value: boolean | undefined): void {
  noInputFlag = Boolean(value)
}

function noInput(): boolean {
  return noInputFlag || process.env.AC_NO_INPUT === '1'
}

function inCi(): boolean {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false'
}

/**
 * Whether a missing piece of input may be asked for instead of refused: stdin and stdout are
 * a terminal (a pipe on either side means a script), not in CI, and neither --no-input nor
 * AC_NO_INPUT=1 was given.
 */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !inCi() && !noInput()
}

/**
 * Whether a confirmation may be asked: stdin and stderr (where it is asked) are a terminal
 * and input was not turned off. `ac tags delete 3 -o json > out` still asks: stdout is data.
 */
export function canConfirm(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !noInput()
}

const context = () => ({input: process.stdin, output: process.stderr})

/** Questions one at a time: names looked up in parallel (two ambiguous ones) still ask in turn. */
let queue: Promise<unknown> = Promise.resolve()
type Prompts = typeof import('@inquirer/prompts')
function ask<T>(question: (prompts: Prompts) => Promise<T>): Promise<T> {
  const turn = queue.catch(() => undefined).then(async () => question(await import('@inquirer/prompts')))
  queue = turn
  return turn
}

export async function input(message: string, options: {validate?: (value: string) => true | string; default?: string} = {}): Promise<string> {
  const validate = options.validate ?? ((value: string) => (value.trim() ? true : 'Type a value'))
  return (await ask((prompts) => prompts.input({message, default: options.default, validate}, context()))).trim()
}

export function password(message: string): Promise<string> {
  return ask((prompts) => prompts.password({message, mask: '*'}, context()))
}

export async function number(message: string, options: {integer?: boolean; min?: number} = {}): Promise<number> {
  return (await ask((prompts) => prompts.number({message, required: true, step: options.integer ? 1 : 'any', min: options.min}, context()))) as number
}

export function confirm(message: string, defaultAnswer = false): Promise<boolean> {
  return ask((prompts) => prompts.confirm({message, default: defaultAnswer}, context()))
}

export function select<T>(message: string, choices: Array<Choice<T>>): Promise<T> {
  return ask((prompts) => prompts.select({message, choices, pageSize: 12}, context()))
}

/** Up to this many, a checklist; past it (an account's 2,000 tags), type part of a name to find each one. */
const checklistLimit = 15

/**
 * Several of a set (tags, lists), at least one: a checklist (space toggles, enter takes them),
 * or for a large set one search after another until "Done" is chosen.
 */
export async function multiSelect<T>(message: string, choices: Array<Choice<T>>): Promise<T[]> {
  if (choices.length <= checklistLimit) return ask((prompts) => prompts.checkbox({message, choices, pageSize: 12, required: true}, context()))
  const picked: Array<Choice<T>> = []
  const done = Symbol('done')
  for (;;) {
    const left = choices.filter((choice) => !picked.includes(choice))
    const question = picked.length === 0 ? `${message} (type to filter)` : `${message} ${picked.map((choice) => choice.name).join(', ')} + (type to filter, or Done)`
    const answer = await search<Choice<T> | typeof done>(question, async (term) => [
      ...(picked.length > 0 ? [{name: `Done (${picked.length} picked)`, value: done as Choice<T> | typeof done}] : []),
      ...left.filter((choice) => choice.name.toLowerCase().includes(term.toLowerCase())).map((choice) => ({name: choice.name, value: choice as Choice<T> | typeof done})),
    ])
    if (answer === done) return picked.map((choice) => choice.value)
    picked.push(answer as Choice<T>)
  }
}

/**
 * One record of many, found by typing part of it: `source` answers each term (a request per
 * keystroke pause for contacts; a filter over a fetched list for small collections).
 */
export function search<T>(message: string, source: (term: string) => Promise<Array<Choice<T>>>): Promise<T> {
  return ask((prompts) => prompts.search({message, source: (term) => source(term ?? ''), pageSize: 12}, context()))
}

/** The question before a delete; "no" is the default, as a stray enter must not delete. */
export function confirmDeletion(question: string): Promise<boolean> {
  return confirm(question, false)
}
