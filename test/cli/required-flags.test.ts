import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {withSharedFlags} from '../../src/lib/manifest.js'

import operations from '../../src/lib/spec/operations.json' with {type: 'json'}
import {useHarness} from '../helpers.js'

// Help never contradicts the command: every flag the help calls required ([required], or
// required to oclif) is refused when missing (exit 2, nothing sent), and no flag the help
// leaves unmarked is refused for being missing. Walked over every catalogue command.

interface ManifestFlag {
  description?: string
  required?: boolean
  type: 'option' | 'boolean'
}

const h = useHarness()
const manifest = withSharedFlags(JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'))) as {
  commands: Record<string, {flags: Record<string, ManifestFlag>; args: Record<string, unknown>}>
}

const emailish = (flag: string) => flag === 'email' || flag.endsWith('-email')
const marked = (flag: ManifestFlag) => Boolean(flag.required) || /\[required\]$/.test(flag.description ?? '')
/** `[required, or --group]`: needed unless the other flag is given. */
const orElse = (flag: ManifestFlag) => /\[required, or --([\w-]+)\]$/.exec(flag.description ?? '')?.[1]

const cases = (operations as Array<{command: string}>).map(({command}) => {
  const entry = manifest.commands[command]
  const required = Object.entries(entry.flags).filter(([, flag]) => marked(flag)).map(([name]) => name)
  const alternatives = Object.entries(entry.flags).flatMap(([name, flag]) => (orElse(flag) ? [[name, orElse(flag)!] as const] : []))
  const base = [...command.split(':'), ...Object.keys(entry.args).map(() => '1'), ...('dry-run' in entry.flags ? ['--dry-run'] : []), ...('yes' in entry.flags ? ['--yes'] : [])]
  const given = (names: string[]) => names.flatMap((name) => (entry.flags[name].type === 'boolean' ? [`--${name}`] : [`--${name}`, emailish(name) ? 'a@example.com' : '1']))
  return {command, required, alternatives, base, given}
})

describe.concurrent('every flag the help calls required is, and no other', () => {
  it.each(cases.map((entry) => [entry.command, entry] as const))('%s', async (_command, {required, alternatives, base, given}) => {
    const complete = await h.ac([...base, ...given([...required, ...alternatives.map(([name]) => name)])])
    expect(complete.stderr, 'refused with every required flag given').not.toMatch(/Missing --|is required/)
    for (const left of required) {
      const run = await h.ac([...base, ...given(required.filter((name) => name !== left))])
      expect(run.code, `without --${left}: ${run.stderr}`).toBe(2)
      expect(run.stderr).toMatch(new RegExp(`--${left}\\b`))
      expect(run.stdout, 'a request was planned').toBe('')
    }

    for (const [name, other] of alternatives) {
      const neither = await h.ac([...base, ...given(required)])
      expect(neither.code, `without --${name} or --${other}: ${neither.stderr}`).toBe(2)
      expect(neither.stderr).toMatch(new RegExp(`--${name}\\b`))
      const either = await h.ac([...base, ...given([...required, other])])
      expect(either.stderr, `--${other} instead of --${name}`).not.toMatch(/Missing --|is required/)
    }
  })
})

describe('help says what the command takes', () => {
  const help = async (command: string) => (await h.ac([...command.split(' '), '--help'])).stdout.replaceAll(/\s+/g, ' ')

  it('deals create: --stage or --pipeline, contacts by email, required flags in USAGE', async () => {
    const text = await help('deals create')
    expect(text).toMatch(/--stage=<value> .*\[required, or --group\]/)
    expect(text).toContain('(ID or contact email)')
    expect(text).not.toContain('contact name')
    expect(text).toMatch(/\$ ac deals create --title <value> --value <value> --currency <value> \[FLAGS\]/)
    const sent = await h.ac(['deals', 'create', '--title', 'T', '--value', '1', '--currency', 'usd', '--pipeline', '1', '--contact', '1', '--dry-run'])
    expect(sent.code, sent.stderr).toBe(0)
  })

  it('lists create derives --string-id; contacts delete takes emails', async () => {
    expect(await help('lists create')).not.toMatch(/--string-id=<value> [^-]*\[required\]/)
    expect(await help('contacts delete')).toContain('ID or contact email of a contact to delete')
  })

  it("the API's wording is in user words everywhere in help", () => {
    for (const [id, command] of Object.entries(manifest.commands)) {
      for (const [name, flag] of Object.entries(command.flags)) {
        expect(flag.description ?? '', `${id} --${name}`).not.toMatch(/Set this to "true"|^Give 1|\(1 or 0\)|\bAPI key\b/)
      }
    }
  })

  it('flags with no --data alternative are required to oclif', () => {
    expect(manifest.commands['contacts:bulk-import-status'].flags['batch-id'].required).toBe(true)
    expect(manifest.commands['deals:pipelines:list-inaccessible'].flags['deal-id'].required).toBe(true)
  })
})
