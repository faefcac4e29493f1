// Writes the command reference, docs/commands.md (an index) and docs/commands/<topic>.md (one
// page per top-level topic), from oclif.manifest.json and package.json's topics: the same
// summaries, flags, help groups and examples `ac COMMAND --help` shows. Run by `npm run build`
// (it takes well under a second: no oclif, just JSON to text) and by `npm run docs`.
// test/cli/docs.test.ts renders again into memory and fails when the committed files differ.
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {groupFlagsInOrder} from '../dist/lib/help/groups.js'
import {withSharedFlags} from '../dist/lib/manifest.js'

const root = new URL('..', import.meta.url)

/** `<%= config.bin %>` and `<%= command.id %>`, as help fills them in. */
function fill(text, id) {
  return String(text ?? '')
    .replaceAll(/<%=\s*config\.bin\s*%>/g, 'ac')
    .replaceAll(/<%=\s*command\.id\s*%>/g, id.replaceAll(':', ' '))
}

/** Text in a Markdown paragraph: `<value>` would be read as an HTML tag. */
function prose(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** Text in a table cell: one line, no column breaks. */
function cell(text) {
  return prose(text).replaceAll('|', '\\|').replaceAll(/\s*\n\s*/g, ' ')
}

const spaced = (id) => id.replaceAll(':', ' ')
const anchor = (id) => `ac-${id.replaceAll(':', '-')}`.toLowerCase()

function flagValue(flag) {
  if (flag.type === 'boolean') return ''
  return flag.options?.length ? ` <${flag.options.join('|')}>` : ' <value>'
}

function flagName(flag) {
  const long = flag.type === 'boolean' && flag.allowNo ? `--[no-]${flag.name}` : `--${flag.name}`
  return `${flag.char ? `-${flag.char}, ` : ''}${long}${flagValue(flag)}${flag.multiple ? '...' : ''}`
}

/** As help orders them: by short letter first, then by name. */
function sortFlags(flags) {
  return [...flags].sort((a, b) => {
    if (Boolean(a.char) !== Boolean(b.char)) return a.char ? -1 : 1
    if (a.char && b.char && a.char !== b.char) return a.char < b.char ? -1 : 1
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  })
}

/** The usage line: arguments, then the flags that must be given, then `[FLAGS]`. */
export function usageLine(id, command) {
  const words = ['ac', spaced(id)]
  for (const arg of Object.values(command.args ?? {})) {
    if (arg.hidden) continue
    const name = arg.name.toUpperCase() + (command.strict === false ? '...' : '')
    words.push(arg.required ? name : `[${name}]`)
  }

  const flags = Object.values(command.flags ?? {}).filter((flag) => !flag.hidden)
  for (const flag of sortFlags(flags.filter((flag) => flag.required))) words.push(`--${flag.name}${flagValue(flag)}`)
  if (flags.some((flag) => !flag.required)) words.push('[FLAGS]')
  return words.join(' ')
}

function flagRows(flags) {
  return sortFlags(flags).map((flag) => {
    const notes = []
    if (flag.required) notes.push('**required**')
    if (flag.default !== undefined && flag.type !== 'boolean') notes.push(`default: \`${flag.default}\``)
    if (flag.aliases?.length) notes.push(`also ${flag.aliases.map((alias) => `\`--${alias}\``).join(', ')}`)
    const description = cell(fill(flag.summary ?? flag.description, '')) + (notes.length > 0 ? ` (${notes.join('; ')})` : '')
    return `| \`${flagName(flag).replaceAll('|', '\\|')}\` | ${description} |`
  })
}

function commandSection(id, command) {
  const lines = [`## \`ac ${spaced(id)}\``, '']
  const summary = fill(command.summary, id)
  if (summary) lines.push(prose(summary), '')
  lines.push('```', usageLine(id, command), '```', '')
  const description = fill(command.description, id).trim()
  // Each line of a description is a line in help: a paragraph here.
  if (description && description !== summary) lines.push(prose(description).split(/\n+/).join('\n\n'), '')
  const aliases = [...(command.aliases ?? []), ...(command.hiddenAliases ?? [])]
  if (aliases.length > 0) lines.push(`Also runs as ${aliases.map((alias) => `\`ac ${spaced(alias)}\``).join(', ')} (the API's name; not offered by completion).`, '')

  const args = Object.values(command.args ?? {}).filter((arg) => !arg.hidden)
  if (args.length > 0) {
    lines.push('**Arguments**', '', '| Argument | Description |', '|---|---|')
    for (const arg of args) {
      const notes = [arg.required ? '**required**' : 'optional', ...(arg.options?.length ? [`one of ${arg.options.map((o) => `\`${o}\``).join(', ')}`] : [])]
      lines.push(`| \`${arg.name.toUpperCase()}${command.strict === false ? '...' : ''}\` | ${cell(fill(arg.description, id))} (${notes.join('; ')}) |`)
    }

    lines.push('')
  }

  // Grouped as `ac COMMAND --help` groups them (src/lib/help/groups.ts).
  for (const [group, flags] of groupFlagsInOrder(sortFlags(Object.values(command.flags ?? {}).filter((flag) => !flag.hidden)))) {
    const title = group ? `${group[0].toUpperCase()}${group.slice(1).toLowerCase()} flags` : 'Flags'
    lines.push(`**${title}**`, '', '| Flag | Description |', '|---|---|', ...flagRows(flags), '')
  }

  const examples = (command.examples ?? []).map((example) => (typeof example === 'string' ? {command: example} : example))
  if (examples.length > 0) {
    lines.push('**Examples**', '', '```sh')
    for (const example of examples) {
      if (example.description) lines.push(`# ${fill(example.description, id)}`)
      lines.push(fill(example.command, id).replace(/^\$ /, ''))
    }

    lines.push('```', '')
  }

  return lines.join('\n')
}

const HEADER = '<!-- Generated by scripts/docs.js from oclif.manifest.json (npm run docs). Do not edit: edit the commands, then npm run build. -->'

/** Every file of the reference: path under the project root → content. */
export function renderDocs(manifest, pkg) {
  const topics = pkg.oclif?.topics ?? {}
  const ids = Object.keys(manifest.commands)
    .filter((id) => !manifest.commands[id].hidden)
    .sort()
  const byTopic = new Map()
  for (const id of ids) {
    const top = id.split(':')[0]
    if (!byTopic.has(top)) byTopic.set(top, [])
    byTopic.get(top).push(id)
  }

  const files = new Map()
  const index = [
    HEADER,
    '',
    '# Command reference',
    '',
    `Every \`ac\` command (${ids.length} of them), by topic: its summary, usage, flags and examples, as \`ac COMMAND --help\` shows them. In a usage line, what is not in brackets is required; \`[FLAGS]\` stands for the optional flags in the tables below it.`,
    '',
    'Also: `ac help [COMMAND]`, and `ac autocomplete [bash|zsh|powershell]` to set up completion.',
    '',
  ]
  for (const [top, topicIds] of byTopic) {
    const single = topicIds.length === 1 && topicIds[0] === top
    const page = `docs/commands/${top}.md`
    const description = topics[top]?.description ?? (single ? manifest.commands[top].summary : '')
    index.push(`## [${single ? `ac ${top}` : top}](commands/${top}.md)`, '')
    if (description) index.push(prose(fill(description, top)), '')
    for (const id of topicIds) index.push(`- [\`ac ${spaced(id)}\`](commands/${top}.md#${anchor(id)}): ${prose(fill(manifest.commands[id].summary, id))}`)
    index.push('')

    const lines = [HEADER, '', `# ac ${top}`, '']
    if (description) lines.push(prose(fill(description, top)), '')
    lines.push('[All commands](../commands.md)', '')
    for (const id of topicIds) lines.push(commandSection(id, manifest.commands[id]))
    files.set(page, lines.join('\n').trimEnd() + '\n')
  }

  files.set('docs/commands.md', index.join('\n').trimEnd() + '\n')
  return files
}

export function loadInputs() {
  const manifest = withSharedFlags(JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8')))
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
  return {manifest, pkg}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  const {manifest, pkg} = loadInputs()
  const files = renderDocs(manifest, pkg)
  // A topic that is gone takes its page with it.
  const pages = new URL('docs/commands/', root)
  rmSync(pages, {recursive: true, force: true})
  mkdirSync(pages, {recursive: true})
  for (const [path, content] of files) writeFileSync(new URL(path, root), content)
  const count = readdirSync(pages).length
  console.error(`docs/commands.md + ${count} topic pages in docs/commands/ (${Math.round(performance.now() - started)} ms)`)
}
