// Tables on a terminal: borders, colour unless NO_COLOR, and never wider than the screen.
// When the natural widths do not fit, the widest columns give way first, one character at a
// time, down to a floor; ids are never cut. cli-table3 then ends cut cells with `…`.

type Stream = NodeJS.WritableStream & {isTTY?: boolean; columns?: number}

const minimumWidth = 8
const neverCut = new Set(['id', 'field'])

export function colourOn(stream: {isTTY?: boolean}): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb'
}

/** Column widths (padding included) that fit `screen` columns, or undefined when the table fits as it is. */
export function fitWidths(head: string[], rows: string[][], screen: number): number[] | undefined {
  // One space of padding each side; a border before every column and one after the last.
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)) + 2)
  const total = () => widths.reduce((sum, width) => sum + width, 0) + widths.length + 1
  if (total() <= screen) return undefined
  while (total() > screen) {
    let widest = -1
    for (const [column, width] of widths.entries()) {
      if (neverCut.has(head[column]) || width <= minimumWidth) continue
      if (widest < 0 || width > widths[widest]) widest = column
    }

    if (widest < 0) break
    widths[widest]--
  }

  return widths
}

export async function renderTable(stream: Stream, head: string[], rows: string[][]): Promise<string> {
  const {default: Table} = await import('cli-table3')
  const screen = stream.columns ?? (Number(process.env.COLUMNS) || 0)
  const colWidths = screen > 0 ? fitWidths(head, rows, screen) : undefined
  const table = new Table({
    head,
    ...(colWidths ? {colWidths} : {}),
    // No rule between rows: a 100-row list stays 100 lines tall.
    chars: {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''},
    style: {head: colourOn(stream) ? ['cyan'] : [], border: colourOn(stream) ? ['grey'] : []},
  })
  // A cell's line breaks would make one record several lines tall.
  table.push(...rows.map((row) => row.map((cell) => cell.replaceAll(/\s*[\r\n]+\s*/g, ' '))))
  return table.toString() + '\n'
}
