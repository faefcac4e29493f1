import {existsSync, readdirSync, readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

// The command reference in docs/ is generated from the manifest (scripts/docs.js, run by
// `npm run build`) and committed. Rendered again here into memory, it must equal the
// committed files: a command, flag or example changed without `npm run docs` fails.

interface Docs {
  renderDocs(manifest: unknown, pkg: unknown): Map<string, string>
  loadInputs(): {manifest: {commands: Record<string, Command>}; pkg: unknown}
  usageLine(id: string, command: Command): string
}

interface Command {
  hidden?: boolean
  summary?: string
  examples?: Array<string | {command: string}>
  hiddenAliases?: string[]
  flags: Record<string, {name: string; required?: boolean; hidden?: boolean; helpGroup?: string}>
  args: Record<string, {name: string; required?: boolean}>
}

const prose = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
const root = new URL('../../', import.meta.url)
const docs = (await import(new URL('scripts/docs.js', root).href)) as Docs
const {manifest, pkg} = docs.loadInputs()
const files = docs.renderDocs(manifest, pkg)

describe('command reference', () => {
  it('is committed as generated from the current manifest (run `npm run docs` when this fails)', () => {
    for (const [path, content] of files) {
      const file = new URL(path, root)
      expect(existsSync(file), `${path} is missing: npm run docs`).toBe(true)
      expect(readFileSync(file, 'utf8') === content, `${path} is stale: npm run docs`).toBe(true)
    }

    const pages = readdirSync(new URL('docs/commands/', root)).map((name) => `docs/commands/${name}`)
    expect(pages.filter((page) => !files.has(page)), 'pages of topics that are gone').toEqual([])
  })

  it('has every command with its summary, usage line, flags by help group, and examples', () => {
    const visible = Object.entries(manifest.commands).filter(([, command]) => !command.hidden)
    expect(visible.length).toBeGreaterThan(300)
    for (const [id, command] of visible) {
      const page = files.get(`docs/commands/${id.split(':')[0]}.md`) ?? ''
      const start = page.indexOf(`## \`ac ${id.replaceAll(':', ' ')}\`\n`)
      expect(start, id).toBeGreaterThan(-1)
      const section = page.slice(start, page.indexOf('\n## ', start + 1) === -1 ? undefined : page.indexOf('\n## ', start + 1))
      if (command.summary) expect(section, id).toContain(`\n${prose(command.summary.replaceAll('<%= config.bin %>', 'ac'))}\n`)
      expect(section, id).toContain('```\n' + docs.usageLine(id, command) + '\n```')
      for (const flag of Object.values(command.flags)) {
        if (!flag.hidden) expect(section, `${id} --${flag.name}`).toMatch(new RegExp('\\| `(-., )?--(\\[no-\\])?' + flag.name + '[ `.]'))
      }

      for (const group of new Set(Object.values(command.flags).filter((flag) => !flag.hidden && flag.helpGroup).map((flag) => flag.helpGroup!))) {
        expect(section, `${id} ${group}`).toContain(`**${group[0]}${group.slice(1).toLowerCase()} flags**`)
      }

      for (const example of command.examples ?? []) {
        const line = (typeof example === 'string' ? example : example.command).replace('<%= config.bin %>', 'ac')
        expect(section, id).toContain(line)
      }
    }
  })

  it('shows required arguments and flags as required in the usage line', () => {
    const usage = docs.usageLine('example:get', {
      strict: true,
      args: {id: {name: 'id', required: true}, field: {name: 'field'}},
      flags: {
        name: {name: 'name', type: 'option', required: true},
        format: {name: 'format', type: 'option', options: ['a', 'b'], required: true},
        quiet: {name: 'quiet', type: 'boolean'},
      },
    } as unknown as Command)
    expect(usage).toBe('ac example get ID [FIELD] --format <a|b> --name <value> [FLAGS]')
  })

  it('is linked from the README', () => {
    expect(readFileSync(new URL('README.md', root), 'utf8')).toContain('](docs/commands.md)')
  })
})
