import {mkdtempSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {withSharedFlags} from '../../src/lib/manifest.js'

import {type Run, useHarness} from '../helpers.js'

// What a new user reads first: `ac --help`, `ac TOPIC --help`, and each command's examples.
// Every example must be a command line that parses (no exit 2), every topic needs a
// description, and every flag a description that says more than its own name.

interface ManifestFlag {
  description?: string
  hidden?: boolean
}

interface ManifestCommand {
  examples?: string[]
  flags: Record<string, ManifestFlag>
  args: Record<string, {description?: string}>
}

const h = useHarness()
const manifest = withSharedFlags(JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'))) as {commands: Record<string, ManifestCommand>}
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {oclif: {topics: Record<string, {description?: string}>}}
const commands = Object.entries(manifest.commands)

/** Examples that cannot run unattended, and why. */
const UNATTENDED: Record<string, string> = {
  'sandbox:start': 'serves until Ctrl-C',
  'auth:login': 'asks for the URL and token on a terminal',
  'seed:apply': 'reads a fixture file the example names, which the test folder does not hold',
  'seed:clean': 'reads a fixture file the example names, which the test folder does not hold',
}

/** Commands that work on the stored profiles: each runs in its own config folder, with two profiles. */
const usesProfiles = (id: string) => id.startsWith('auth:') || id.startsWith('profiles:')

/** Splits an example as a POSIX shell would (quotes, backslashes); undefined when it uses pipes or redirection. */
function shellWords(line: string): string[] | undefined {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === '\\' && quote === '"') word += line[++i]
      else word += c
    } else if (c === "'" || c === '"') {
      quote = c
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else if ('|<>;&$`'.includes(c)) {
      return undefined
    } else {
      word += c === '\\' ? line[++i] : c
      inWord = true
    }
  }

  if (inWord) words.push(word)
  return words
}

/** A command's first example as arguments, with --dry-run and --yes where the command has them. */
function firstExample(id: string, command: ManifestCommand): string[] | undefined {
  // `ac seed schema > fixture.schema.json`: the command is what runs; the redirection is the shell's.
  const example = command.examples?.[0]?.replace(/^<%= config\.bin %>/, 'ac').replace(/ > [\w./-]+$/, '')
  if (!example?.startsWith('ac ')) return undefined
  const words = shellWords(example)
  if (!words) return undefined
  const args = words.slice(1)
  if (command.flags['dry-run'] && !args.includes('--dry-run')) args.push('--dry-run')
  if (command.flags.yes && !args.includes('--yes') && !args.includes('-y')) args.push('--yes')
  expect(args.slice(0, id.split(':').length), `${id}: its example runs another command`).toEqual(id.split(':'))
  return args
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  await Promise.all(Array.from({length: size}, async () => {
    while (queue.length > 0) await work(queue.shift()!)
  }))
}

const squash = (text: string | undefined) => String(text ?? '').toLowerCase().replaceAll(/[^a-z\d]/g, '')

describe('examples in the help', () => {
  // What the examples name: a contact, tags and a list to refer to by name.
  beforeAll(async () => {
    const setup = [
      ['contacts', 'create', '--email', 'ann@example.com', '--first-name', 'Ann'],
      ['tags', 'create', '--tag', 'VIP', '--tag-type', 'contact'],
      ['tags', 'create', '--tag', 'Customer', '--tag-type', 'contact'],
      ['lists', 'create', '--name', 'Newsletter', '--string-id', 'newsletter', '--sender-url', 'https://example.com', '--sender-reminder', 'You signed up'],
    ]
    for (const args of setup) expect((await h.ac(args)).code, args.join(' ')).toBe(0)
  })

  /** A config folder holding the profiles `default` and `staging`, both for the sandbox. */
  async function profilesFolder(): Promise<Record<string, string>> {
    const dir = mkdtempSync(join(h.configDir, 'help-'))
    const env = {AC_CONFIG_DIR: dir, HOME: dir}
    for (const profile of ['staging', 'default']) {
      const login = await h.ac(['auth', 'login', '--profile', profile, '--url', h.env.AC_API_URL, '--token-stdin'], {env, noCredentials: true, input: h.sandbox.token})
      expect(login.code, login.stderr).toBe(0)
    }

    return env
  }

  it('every command has at least one example', () => {
    const without = commands.filter(([, command]) => !command.examples?.length).map(([id]) => id)
    expect(without).toEqual([])
  })

  it("every command's first example parses and runs (no exit 2)", async () => {
    const runnable = commands.filter(([id]) => !UNATTENDED[id])
    const unparsable: string[] = []
    const failures: string[] = []
    const check = async ([id, command]: [string, ManifestCommand]) => {
      const args = firstExample(id, command)
      if (!args) {
        unparsable.push(`${id}: ${command.examples?.[0]}`)
        return
      }

      const run: Run = usesProfiles(id) ? await h.ac(args, {env: await profilesFolder(), noCredentials: true}) : await h.ac(args)
      if (run.code === 2) failures.push(`ac ${args.join(' ')}\n    ${run.stderr.trim().split('\n')[0]}`)
    }

    await inPool(runnable, 4, check)
    expect(unparsable, 'first examples that are not plain command lines').toEqual([])
    expect(failures, 'first examples that exit 2 (usage error)').toEqual([])
    // ~310 CLI runs, 4 at a time: about a minute on an idle machine, past 3 on a loaded one.
  }, 480_000)
})

describe('topics', () => {
  // A topic whose commands are all hidden (autocomplete: create, script) is listed as the command it also is.
  const topLevel = [...new Set(commands.filter(([id, command]) => id.includes(':') && !command.hidden).map(([id]) => id.split(':')[0]))].sort()

  it('every topic of every command has a description in package.json', () => {
    const topics = new Set(commands.flatMap(([id]) => id.split(':').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join(':'))))
    const missing = [...topics].filter((topic) => !pkg.oclif.topics[topic]?.description?.trim()).sort()
    expect(missing).toEqual([])
  })

  it('`ac --help` lists every top-level topic with its description', async () => {
    const run = await h.ac(['--help'])
    expect(run.code).toBe(0)
    const section = run.stdout.split(/\n(?=[A-Z]+\n)/).find((part) => part.startsWith('TOPICS'))
    expect(section, run.stdout).toBeDefined()
    const listed = new Map([...section!.matchAll(/^ {2}(\S+) +(\S.*)$/gm)].map((match) => [match[1], match[2]]))
    for (const topic of topLevel) {
      const description = pkg.oclif.topics[topic]?.description ?? ''
      expect(listed.has(topic), `${topic} is not under TOPICS`).toBe(true)
      // Help wraps long lines: the first words are on the topic's own line.
      expect(description.startsWith(listed.get(topic)!.trim()), `${topic}: "${listed.get(topic)}" is not its description "${description}"`).toBe(true)
    }
  })

  it('`ac TOPIC --help` opens with the topic description', async () => {
    const failures: string[] = []
    // `api` is a command as well as a topic: its help is the command's.
    await inPool(topLevel.filter((topic) => !manifest.commands[topic]), 4, async (topic) => {
      const run = await h.ac([topic, '--help'])
      const first = run.stdout.split('\n')[0].trim()
      if (run.code !== 0 || !first || !(pkg.oclif.topics[topic]?.description ?? '').startsWith(first)) failures.push(`${topic}: ${run.code} ${first}`)
    })
    expect(failures).toEqual([])
  }, 60_000)
})

describe('flag and argument descriptions', () => {
  /** The description without what help adds to it: `[required]`, `(JSON)`, `(ID or tag name)`, `(also --list)`. */
  const core = (text: string | undefined) =>
    String(text ?? '')
      .replaceAll(/\s*\[required\]|\s*\(JSON\)|\s*\(ID or [^)]*name\)|\s*\(also --[\w-]+\)/g, '')
      .trim()

  it('no flag description is empty or only its own name', () => {
    const bad: string[] = []
    for (const [id, command] of commands) {
      for (const [name, flag] of Object.entries(command.flags)) {
        const text = core(flag.description)
        if (!text || squash(text) === squash(name)) bad.push(`${id} --${name}: ${JSON.stringify(flag.description)}`)
      }
    }

    expect(bad).toEqual([])
  })

  it('no argument description is empty or only its own name', () => {
    const bad: string[] = []
    for (const [id, command] of commands) {
      for (const [name, arg] of Object.entries(command.args)) {
        const text = core(arg.description)
        if (!text || squash(text) === squash(name)) bad.push(`${id} <${name}>: ${JSON.stringify(arg.description)}`)
      }
    }

    expect(bad).toEqual([])
  })

  it('no description is cut short ("...") or starts in lower case', () => {
    const bad: string[] = []
    for (const [id, command] of commands) {
      for (const [name, flag] of [...Object.entries(command.flags), ...Object.entries(command.args)]) {
        const text = flag.description ?? ''
        if (/(\.\.\.|…|[,;:])$/.test(text.trim()) || /^[a-z]/.test(text)) bad.push(`${id} ${name}: ${JSON.stringify(text)}`)
      }
    }

    expect(bad).toEqual([])
  })

  it('examples show values, not placeholders', () => {
    const placeholders = commands.flatMap(([id, command]) =>
      (command.examples ?? []).filter((example) => /\s(NAME|VALUE|ID|STRING|<[^>]+>|xxx)(\s|$)/.test(example)).map((example) => `${id}: ${example}`),
    )
    expect(placeholders).toEqual([])
  })
})

describe('flag groups', () => {
  // A reader wants the record's fields first and what every command takes last: oclif's own
  // order put OUTPUT (its first flag is -o, and char flags sort first) before BODY.
  const headings = (text: string) => [...text.matchAll(/^([A-Z]+ )?FLAGS$/gm)].map((match) => match[0])

  it('`ac COMMAND --help` shows body, own, paging, output, then global flags', async () => {
    const create = await h.ac(['deals', 'create', '--help'])
    expect(headings(create.stdout)).toEqual(['BODY FLAGS', 'FLAGS', 'OUTPUT FLAGS', 'GLOBAL FLAGS'])
    const list = await h.ac(['contacts', 'list', '--help'])
    expect(headings(list.stdout)).toEqual(['FLAGS', 'PAGING FLAGS', 'OUTPUT FLAGS', 'GLOBAL FLAGS'])
  })

  it('the command reference groups them in the same order', () => {
    const page = readFileSync(new URL('../../docs/commands/deals.md', import.meta.url), 'utf8')
    const section = page.slice(page.indexOf('## `ac deals create`'), page.indexOf('\n## ', page.indexOf('## `ac deals create`') + 1))
    expect([...section.matchAll(/^\*\*(\w+ )?[Ff]lags\*\*$/gm)].map((match) => match[0])).toEqual(['**Body flags**', '**Flags**', '**Output flags**', '**Global flags**'])
  })
})
