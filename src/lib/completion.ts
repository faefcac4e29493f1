import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {Interfaces} from '@oclif/core'

type Config = Interfaces.Config

// Flag values in the bash completion function that plugin-autocomplete writes to
// <cacheDir>/autocomplete/functions/bash/<bin>.bash (it leaves them out for bash).

const MARKER = '# ac: values of flags that take one of a fixed set'

/** `contacts:list --output table json ndjson csv yaml`, and the same for `-o`: one line per flag with options. */
export function flagValueLines(config: Config): string[] {
  const lines: string[] = []
  for (const command of config.commands) {
    if (command.hidden) continue
    for (const [name, flag] of Object.entries(command.flags ?? {})) {
      if (flag.hidden || flag.type !== 'option' || !flag.options?.length) continue
      const values = flag.options.join(' ')
      lines.push(`${command.id} --${name} ${values}`)
      if (flag.char) lines.push(`${command.id} -${flag.char} ${values}`)
    }
  }

  return lines.sort()
}

/**
 * The bash block, placed before the function decides between commands and flags: when the
 * previous word is a flag with values, complete those. The command is the words before the
 * first flag (`ac contacts list --limit 5 -o <TAB>` is `contacts:list`).
 */
export function bashFlagValuesBlock(lines: string[]): string {
  return `
  ${MARKER} (-o <TAB>).
  local flagValues="
${lines.join('\n')}
"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ "$prev" == -* && "$cur" != -* && $COMP_CWORD -ge 2 ]]; then
    local -a valueWords=()
    local valueWord
    for valueWord in "\${COMP_WORDS[@]:1:COMP_CWORD-2}"; do
      [[ "$valueWord" == -* ]] && break
      valueWords+=("$valueWord")
    done
    local valueCommand values
    valueCommand="$(join_by ":" "\${valueWords[@]}")"
    values="$(printf '%s\\n' "$flagValues" | awk -v c="$valueCommand" -v f="$prev" '$1 == c && $2 == f {for (i = 3; i <= NF; i++) printf "%s ", $i; exit}')"
    if [[ -n "$values" ]]; then
      COMPREPLY=($(compgen -W "$values" -- "$cur"))
      return 0
    fi
  fi
`
}

/** Adds the block to the bash function if it is there and does not have it yet. */
export function addBashFlagValues(config: Config): void {
  const file = join(config.cacheDir, 'autocomplete', 'functions', 'bash', `${config.bin}.bash`)
  if (!existsSync(file)) return
  const script = readFileSync(file, 'utf8')
  if (script.includes(MARKER)) return
  const anchor = '  COMPREPLY=()\n'
  const at = script.indexOf(anchor)
  if (at === -1) return // a plugin-autocomplete whose script we do not know: leave it as it is
  const end = at + anchor.length
  writeFileSync(file, script.slice(0, end) + bashFlagValuesBlock(flagValueLines(config)) + script.slice(end))
}
