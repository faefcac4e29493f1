import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {withSharedFlags} from '../../src/lib/manifest.js'

import {runAc, useHarness} from '../helpers.js'

// Completion and discovery: the API-name aliases (`ac dealGroups list`) run, but neither
// `ac commands` nor the shells' completion offer them; `-o <TAB>` offers the formats; the
// completion cache lives under AC_CONFIG_DIR (or XDG_CACHE_HOME).

const h = useHarness()
const manifest = withSharedFlags(JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'))) as {
  commands: Record<string, {hiddenAliases?: string[]; aliases?: string[]}>
}
const apiNames = Object.values(manifest.commands).flatMap((command) => command.hiddenAliases ?? [])
const FORMATS = ['table', 'json', 'ndjson', 'csv', 'yaml']

/** What bash offers for the words typed so far (the last one is being completed). */
function bashCompletes(functionFile: string, words: string[]): string[] {
  const driver = join(mkdtempSync(join(tmpdir(), 'ac-comp-')), 'drive.sh')
  writeFileSync(driver, 'source "$1"; shift\nCOMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n_ac_autocomplete\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
  const out = execFileSync('bash', [driver, functionFile, ...words], {encoding: 'utf8'})
  return [...new Set(out.split('\n').filter(Boolean))]
}

describe('API-name aliases', () => {
  it('exist, and still run the command they name', async () => {
    expect(apiNames).toContain('dealGroups:list')
    expect(Object.values(manifest.commands).every((command) => (command.aliases ?? []).length === 0)).toBe(true)
    const alias = await h.ac(['dealGroups', 'list', '--json'])
    const named = await h.ac(['deals', 'pipelines', 'list', '--json'])
    expect(alias.code, alias.stderr).toBe(0)
    expect(alias.stdout).toBe(named.stdout)
  })

  it('are not in the default `ac commands` listing, only with --hidden', async () => {
    const run = await h.ac(['commands', '-o', 'csv', '--columns', 'id'])
    expect(run.code, run.stderr).toBe(0)
    const ids = new Set(run.stdout.trim().split('\n').slice(1))
    expect(ids.has('contacts list')).toBe(true)
    expect(ids.has('deals pipelines list')).toBe(true)
    for (const alias of apiNames) expect(ids.has(alias.replaceAll(':', ' ')), alias).toBe(false)

    const hidden = await h.ac(['commands', '--hidden', '--json'])
    const record = (JSON.parse(hidden.stdout) as Array<{id: string; aliasOf?: string}>).find((command) => command.id === 'dealGroups list')
    expect(record?.aliasOf).toBe('deals pipelines list')
  })
})

describe('shell completion', () => {
  let cache: string
  beforeAll(async () => {
    const run = await h.ac(['autocomplete', 'create'])
    expect(run.code, run.stderr).toBe(0)
    cache = join(h.configDir, 'cache', 'autocomplete')
  })

  it('writes its cache under AC_CONFIG_DIR, and under XDG_CACHE_HOME without it', async () => {
    const script = await h.ac(['autocomplete', 'script', 'bash'])
    expect(script.stdout).toContain(join(h.configDir, 'cache', 'autocomplete', 'bash_setup'))
    const xdg = mkdtempSync(join(tmpdir(), 'ac-xdg-'))
    const env = {...h.env, AC_CONFIG_DIR: undefined, XDG_CACHE_HOME: xdg}
    const moved = await runAc(['autocomplete', 'script', 'bash'], env)
    expect(moved.stdout).toContain(join(xdg, 'ac', 'autocomplete', 'bash_setup'))
  })

  it('zsh: offers no API name, and the -o values', () => {
    const zsh = readFileSync(join(cache, 'functions', 'zsh', '_ac'), 'utf8')
    // What `ac <TAB>` offers: the `_values` of the main function.
    const top = zsh.slice(zsh.indexOf('\n_ac() {'))
    const offered = [...top.slice(0, top.indexOf(';;')).matchAll(/^"([^[]+)\[/gm)].map((match) => match[1])
    expect(offered).toContain('contacts')
    const topics = new Set(Object.keys(manifest.commands).map((id) => id.split(':')[0]))
    for (const alias of apiNames) {
      const first = alias.split(':')[0]
      if (!topics.has(first)) expect(offered, alias).not.toContain(first)
      expect(zsh, alias).not.toContain(`_ac_${alias.replaceAll(':', '_')}`)
    }

    expect(zsh).toContain(`"(-o --output)"{-o,--output}"[Output format]:output options:(${FORMATS.join(' ')})"`)
  })

  it('bash: `ac con<TAB>` offers contacts and no API name; `-o <TAB>` offers the formats', () => {
    const bash = join(cache, 'functions', 'bash', 'ac.bash')
    for (const alias of apiNames) expect(readFileSync(bash, 'utf8'), alias).not.toMatch(new RegExp(`^${alias} `, 'm'))
    expect(bashCompletes(bash, ['ac', 'con'])).toEqual(['contacts'])
    expect(bashCompletes(bash, ['ac', 'deals', 'pip'])).toEqual(['pipelines'])
    expect(bashCompletes(bash, ['ac', 'contacts', 'list', '-o', ''])).toEqual(FORMATS)
    expect(bashCompletes(bash, ['ac', 'tags', 'list', '--limit', '5', '--output', 'n'])).toEqual(['ndjson'])
    expect(bashCompletes(bash, ['ac', 'contacts', 'list', '--al'])).toEqual(['--all'])
  })
})
