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
  // A title that says no more than the subtitle (`note 1`) is not said twice.
  const subtitle = record.subtitle === record.title ? [] : [dim(record.subtitle)]
  const out: string[] = [...wrap(record.title, screen).map((line) => bold(line)), ...subtitle, '']

  const labelWidth = Math.min(widestLabel, Math.max(0, ...record.fields.map(([label]) => label.length + 1)))
  for (const [label, value] of record.fields) {
    const head = `${label}:`.padEnd(labelWidth)
    const under = ' '.repeat(labelWidth + 1)
    const lines = wrap(value, screen - under.length)
    // A label wider than the column has its value on the lines under it, at the same indent as the others.
    if (head.length > labelWidth) out.push(...wrap(`${label}:`, screen), ...lines.map((line) => `${under}${line}`))
    else out.push(`${head} ${lines[0]}`.trimEnd(), ...lines.slice(1).map((line) => `${under}${line}`))
  }

  for (const section of record.sections) {
    out.push('', bold(`${section.title} (${section.rows.length})`))
    if (section.rows.length === 0) out.push(dim(`${indent}none`))
    out.push(...sectionLines(section.rows, screen - indent.length).map((line) => indent + line))
  }

  return out.join('\n') + '\n'
}

const gap = '  '
/** A cell never cut or wrapped: a money amount (`45,000.00 EUR`) read in pieces is misread. */
const whole = /^-?[\d,.]+ [A-Z]{3}$/
/** Narrowest a wrapped column gets. */
const narrowest = 8

/**
 * A section's rows in columns that fit `width`: the widest column that may wrap gives way
 * first, and its cells wrap within it (at spaces, else mid-word), so every line fits.
 */
export function sectionLines(rows: string[][], width: number): string[] {
  const count = rows[0]?.length ?? 0
  const widths = Array.from({length: count}, (_, column) => Math.max(...rows.map((row) => row[column].length)))
  const fixed = widths.map((_, column) => rows.every((row) => row[column] === '' || whole.test(row[column])))
  let excess = widths.reduce((sum, each) => sum + each, 0) + gap.length * (count - 1) - width
  while (excess > 0) {
    const candidates = widths.map((each, column) => (fixed[column] || each <= narrowest ? -1 : each))
    const widest = candidates.indexOf(Math.max(...candidates))
    if (candidates[widest] < 0) break
    widths[widest]--
    excess--
  }

  return rows.flatMap((row) => {
    const cells = row.map((cell, column) => (fixed[column] ? [cell] : wrap(cell, widths[column])))
    const height = Math.max(...cells.map((lines) => lines.length))
    return Array.from({length: height}, (_, line) =>
      cells.map((lines, column) => (column === count - 1 ? lines[line] ?? '' : (lines[line] ?? '').padEnd(widths[column]))).join(gap).trimEnd())
  })
}
