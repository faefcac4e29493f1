import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {Interfaces} from '@oclif/core'

type Config = Interfaces.Config

// Flag values and file paths in the bash completion function that plugin-autocomplete writes
// to <cacheDir>/autocomplete/functions/bash/<bin>.bash (it leaves both out for bash), and
// `--data @FILE` in the zsh one (zsh completes files for every flag, but not after an `@`).

const MARKER = '# ac: values of flags that take one of a fixed set'
const ZSH_MARKER = '# ac: --data @FILE completes files'

/** The variable the shell start-up line sets to the setup file: AC_BASH_SETUP_PATH, AC_ZSH_SETUP_PATH. */
export function setupVariable(shell: string): string {
  return `AC_${shell.toUpperCase()}_SETUP_PATH`
}

/** Flags whose value is a file path (`--data` as `@FILE`). */
export const fileFlags = ['--data', '--ids-from', '--failures', '--state', '--input', '--output-file', '--seed']

/** Commands whose argument is a file (`contacts:import`, `seed:apply`). */
export function fileArgumentCommands(config: Config): string[] {
  return config.commands
    .filter((command) => !command.hidden && Object.keys(command.args ?? {}).some((name) => /^(file|path)$/.test(name)))
    .map((command) => command.id)
    .sort()
}

/**
 * The bash block that completes file paths: after a flag that takes a file, and for a
 * command's file argument. `--data` takes JSON too: paths are offered once an `@` is typed.
 */
export function bashFilesBlock(commands: string[]): string {
  return `
  # ac: file paths for the flags and arguments that take a file (--ids-from <TAB>, --data @<TAB>, import <TAB>).
  local fileFlags=" ${fileFlags.join(' ')} "
  local fileCommands=" ${commands.join(' ')} "
  local before="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -ge 2 && "$fileFlags" == *" $before "* ]]; then
    compopt -o filenames 2>/dev/null
    if [[ "$before" != --data ]]; then
      COMPREPLY=($(compgen -f -- "$cur"))
    elif [[ "$cur" == @* ]]; then
      COMPREPLY=($(compgen -f -P @ -- "\${cur#@}"))
    fi
    return 0
  fi
  if [[ "$cur" != -* && ! ( "$before" == -* && "$before" != --*=* ) ]]; then
    local -a fileWords=()
    local fileWord
    for fileWord in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
      [[ "$fileWord" == -* ]] && break
      fileWords+=("$fileWord")
    done
    local fileCommand
    fileCommand="$(join_by ":" "\${fileWords[@]}")"
    if [[ -n "$fileCommand" && "$fileCommands" == *" $fileCommand "* ]]; then
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return 0
    fi
  fi
`
}

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
  const added = bashFilesBlock(fileArgumentCommands(config)) + bashFlagValuesBlock(flagValueLines(config))
  writeFileSync(file, script.slice(0, end) + added + script.slice(end))
}

/** zsh: `--data @<TAB>` completes the path after the `@` (plain `_files` looks for names starting with @). */
export function addZshDataFiles(config: Config): void {
  const file = join(config.cacheDir, 'autocomplete', 'functions', 'zsh', `_${config.bin}`)
  if (!existsSync(file)) return
  const script = readFileSync(file, 'utf8')
  if (script.includes(ZSH_MARKER)) return
  const changed = script.replaceAll(/^(--data"\[[^\n]*\]):file:_files"/gm, '$1:file:{compset -P @; _files}"')
  // `#compdef` must stay the first line: the marker goes last.
  writeFileSync(file, `${changed.trimEnd()}\n${ZSH_MARKER}\n`)
}
