import type {Hook} from '@oclif/core'

import {editDistance} from '../lib/text.js'

// An unknown command is a usage error like any other: one line, exit 2, with the nearest
// commands. (oclif's not-found plugin exits 127 with two lines, and prompts on a terminal.)

/** What people coming from gh, heroku and stripe type, and where ac keeps it; `{}` takes the words typed after it. */
const wellKnown: Record<string, string> = {
  login: 'auth login',
  logout: 'auth logout',
  whoami: 'auth status',
  status: 'auth status',
  'auth whoami': 'auth status',
  'deals move': 'deals update {} --stage',
  'contacts search': 'contacts list --search {}',
  'contacts find': 'contacts list --search {}',
  'deals search': 'deals list --search {}',
}

/** Verbs of other CLIs (gh view, heroku info, stripe retrieve, ls, rm...) for ac's own, under any topic. */
const verbs: Record<string, string> = {
  view: 'get',
  show: 'get',
  info: 'get',
  retrieve: 'get',
  ls: 'list',
  new: 'create',
  add: 'create',
  edit: 'update',
  rm: 'delete',
  remove: 'delete',
}

/**
 * The well-known command the typed words start with, if any, with what was typed after it:
 * `deals move 1 --stage Won` → `deals update 1 --stage Won`, ready to run.
 */
function alias(words: string[], argv: string[], known: Set<string>): string | undefined {
  const withRest = (command: string, rest: string[]) => {
    // A flag of the pointer that the user gave already is theirs, with its value (`--stage Won`).
    const pointer = command.split(' ').filter((word, at, all) => !(word.startsWith('--') && argv.includes(word) && all[at + 1] !== '{}'))
    const filled = pointer.includes('{}') ? pointer.flatMap((word) => (word === '{}' ? rest : [word])) : [...pointer, ...rest]
    return [...filled, ...argv].filter(Boolean).join(' ')
  }

  for (let length = Math.min(words.length, 2); length > 0; length--) {
    const typed = words.slice(0, length).join(' ')
    if (wellKnown[typed]) return withRest(wellKnown[typed], words.slice(length))
  }

  for (let at = words.length - 1; at > 0; at--) {
    const verb = verbs[words[at]]
    const command = verb && [...words.slice(0, at), verb].join(' ')
    if (command && known.has(command)) return withRest(command, words.slice(at + 1))
  }

  return undefined
}

const hook: Hook<'command_not_found'> = async function ({argv, config, id}) {
  const typed = id.replaceAll(':', ' ')
  const known = new Set([...config.commandIDs, ...config.topics.map((topic) => topic.name)].map((name) => name.replaceAll(':', ' ')))
  const pointer = alias(typed.split(' '), (argv ?? []).map((word) => (/\s/.test(word) ? `'${word.replaceAll("'", "'\\''")}'` : word)), known)
  const nearest = [...known]
    .map((name) => ({name, cost: editDistance(typed, name)}))
    .filter(({cost}) => cost <= Math.max(2, Math.floor(typed.length / 4)))
    .sort((a, b) => a.cost - b.cost || a.name.localeCompare(b.name))
    .map(({name}) => name)
    .filter((name) => name !== pointer)
  const guesses = [...(pointer ? [pointer] : []), ...nearest].slice(0, 3).map((name) => `ac ${name}`)
  const hint = guesses.length > 0 ? `Did you mean ${guesses.join(', ')}?` : 'See ac --help'
  process.stderr.write(`Error: "ac ${typed}" is not a command. ${hint}\n`)
  process.exit(2)
}

export default hook
