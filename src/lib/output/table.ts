// Tables on a terminal: borders, a rule under the header, colour unless NO_COLOR, and never
// wider than the screen.
//
// Widths follow the content. When the natural widths do not fit, the widest columns give way
// first, one character at a time, down to a floor (their header, and at least a few
// characters): short columns keep their width. The key column (the email of a contact, the
// name of a tag, the title of a deal: what a reader scans for) gives way only when nothing
// else can, and ids never do. cli-table3 then ends cut cells with `…`.
//
// The header stands out without colour (NO_COLOR, TERM=dumb) by a rule under it rather than
// gh's upper-case titles: the titles stay the field names `--columns` and `--jq` take.

type Stream = NodeJS.WritableStream & {isTTY?: boolean; columns?: number}

const minimumWidth = 8
const neverCut = new Set(['id', 'field'])
/** What a reader scans a list for, in order of preference: the first one present is the key column. */
const keyColumns = ['email', 'name', 'title', 'tag', 'subject', 'label', 'username', 'contact', 'deal', 'list', 'value']

export function colourOn(stream: {isTTY?: boolean}): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb'
}

/** The column cut last: the first of keyColumns the table has. */
export function keyColumn(head: string[]): number {
  for (const name of keyColumns) {
    const at = head.indexOf(name)
    if (at !== -1 && !neverCut.has(name)) return at
  }

  return -1
}

/** Column widths (padding included) that fit `screen` columns, or undefined when the table fits as it is. */
export function fitWidths(head: string[], rows: string[][], screen: number): number[] | undefined {
  // One space of padding each side; a border before every column and one after the last.
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)) + 2)
  const total = () => widths.reduce((sum, width) => sum + width, 0) + widths.length + 1
  if (total() <= screen) return undefined
  const key = keyColumn(head)
  const floor = (column: number) => Math.max(minimumWidth, head[column].length + 2)
  const giving = (column: number) => !neverCut.has(head[column]) && widths[column] > floor(column)
  while (total() > screen) {
    let widest = -1
    for (const column of widths.keys()) {
      if (column === key || !giving(column)) continue
      if (widest < 0 || widths[column] > widths[widest]) widest = column
    }

    // Everything else is down to its floor: now the key column gives way.
    if (widest < 0 && key !== -1 && giving(key)) widest = key
    if (widest < 0) break
    widths[widest]--
  }

  return widths
}

/** A rule under the header, drawn from the top border: ┌─┬─┐ becomes ├─┼─┤. */
function withHeaderRule(drawn: string): string {
  const lines = drawn.split('\n')
  if (lines.length < 3) return drawn
  const rule = lines[0].replace('┌', '├').replaceAll('┬', '┼').replace('┐', '┤')
  return [lines[0], lines[1], rule, ...lines.slice(2)].join('\n')
}

export async function renderTable(stream: Stream, head: string[], rows: string[][]): Promise<string> {
  const {default: Table} = await import('cli-table3')
  const screen = stream.columns ?? (Number(process.env.COLUMNS) || 0)
  const colWidths = screen > 0 ? fitWidths(head, rows, screen) : undefined
  const table = new Table({
    head,
    ...(colWidths ? {colWidths} : {}),
    // No rule between rows: a 100-row list stays 100 lines tall. The one under the header is added after.
    chars: {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''},
    style: {head: colourOn(stream) ? ['cyan'] : [], border: colourOn(stream) ? ['grey'] : []},
  })
  // A cell's line breaks would make one record several lines tall.
  table.push(...rows.map((row) => row.map((cell) => cell.replaceAll(/\s*[\r\n]+\s*/g, ' '))))
  return withHeaderRule(table.toString()) + '\n'
}
