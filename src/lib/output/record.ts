import {colourOn} from './table.js'

// One record shown whole on a terminal, like `gh issue view`: a title line, the record's own
// fields as `label: value` lines, then a section per relation. Long values wrap at the
// terminal's width (under their label) instead of being cut: it is one record, read whole.

export interface WholeRecord {
  title: string
  /** What it is: `contact 12`. */
  subtitle: string
  fields: Array<[label: string, value: string]>
  sections: Array<{title: string; rows: string[][]}>
}

type Stream = NodeJS.WritableStream & {isTTY?: boolean; columns?: number}

const widestLabel = 22
const indent = '  '

/** Words of `text` in lines of at most `width` characters; a word longer than a line is split. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  for (const paragraph of text.split(/\r?\n/)) {
    let line = ''
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word
      while (rest.length > width) {
        if (line) lines.push(line)
        lines.push(rest.slice(0, width))
        rest = rest.slice(width)
        line = ''
      }

      if (!line) line = rest
      else if (line.length + 1 + rest.length <= width) line += ` ${rest}`
      else {
        lines.push(line)
        line = rest
      }
    }

    lines.push(line)
  }

  return lines
}

export function renderWholeRecord(stream: Stream, record: WholeRecord): string {
  const screen = Math.max(40, stream.columns ?? (Number(process.env.COLUMNS) || 80))
  const colour = colourOn(stream)
  const bold = (text: string) => (colour ? `\u001B[1m${text}\u001B[22m` : text)
  const dim = (text: string) => (colour ? `\u001B[2m${text}\u001B[22m` : text)
  const out: string[] = [bold(record.title), dim(record.subtitle), '']

  const labelWidth = Math.min(widestLabel, Math.max(0, ...record.fields.map(([label]) => label.length + 1)))
  for (const [label, value] of record.fields) {
    const head = `${label}:`.padEnd(labelWidth)
    const [first, ...more] = wrap(value, screen - labelWidth - 1)
    out.push(`${head} ${first}`, ...more.map((line) => `${' '.repeat(labelWidth)} ${line}`))
  }

  for (const section of record.sections) {
    out.push('', bold(`${section.title} (${section.rows.length})`))
    if (section.rows.length === 0) out.push(dim(`${indent}none`))
    const widths = section.rows[0]?.map((_, column) => Math.max(...section.rows.map((row) => row[column].length))) ?? []
    for (const row of section.rows) {
      const last = row.length - 1
      const lead = indent + row.slice(0, last).map((cell, column) => cell.padEnd(widths[column])).join('  ')
      const start = last > 0 ? `${lead}  ` : indent
      const [first, ...more] = wrap(row[last], Math.max(20, screen - start.length))
      out.push(`${start}${first}`.trimEnd(), ...more.map((line) => `${' '.repeat(start.length)}${line}`))
    }
  }

  return out.join('\n') + '\n'
}
