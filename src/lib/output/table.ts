// Tables on a terminal: borders, a rule under the header, colour unless NO_COLOR, and never
// wider than the screen.
//
// Widths follow the content. When the natural widths do not fit, the widest columns give way
// first, one character at a time, down to a useful floor (12 characters): a shorter cut cell
// (`2026-1…`) says nothing, so short columns, ids and amounts are shown whole or not at all.
// The key column (the email of a contact, the name of a tag, the title of a deal: what a
// reader scans for) gives way only when nothing else can. When the floors do not fit, default
// columns are dropped from the right (never the id or the key) and named on stderr: a table
// that wraps every row is unreadable. cli-table3 then ends cut cells with `…`.
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

/** Cells that read as amounts or counts (`1,200.00 USD`, `120000`): cut, they would lie. */
const amount = /^-?[\d,]*\d(\.\d+)?( [A-Z]{3})?$/
/** Below this many characters a cut cell says nothing (`2026-1…`, `555-0…`): such columns are whole or dropped. */
const usefulWidth = 12

export interface Fit {
  /** Column widths (padding included), or undefined when the table fits as it is. */
  widths?: number[]
  /** The columns shown, by index into the given ones: all of them unless some had to go. */
  shown: number[]
}

/**
 * How a table fits `screen` columns. The widest columns give way first, down to a useful floor;
 * short columns, ids and amounts are never cut. When that is not enough and `drop` allows,
 * columns go from the right (never the id or the key column) rather than the table wrap.
 */
export function fitWidths(head: string[], rows: string[][], screen: number, drop = false): Fit {
  // One space of padding each side; a border before every column and one after the last.
  const natural = head.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)) + 2)
  const all = [...head.keys()]
  const total = (columns: number[], width: (column: number) => number) => columns.reduce((sum, column) => sum + width(column), 0) + columns.length + 1
  if (total(all, (column) => natural[column]) <= screen) return {shown: all}
  const key = keyColumn(head)
  const whole = (column: number) => {
    if (neverCut.has(head[column]) || natural[column] - 2 <= usefulWidth) return true
    const filled = rows.map((row) => row[column] ?? '').filter(Boolean)
    return filled.length > 0 && filled.every((cell) => amount.test(cell))
  }

  const usefulFloor = (column: number) => (whole(column) ? natural[column] : Math.max(usefulWidth + 2, head[column].length + 2))
  const shown = [...all]
  if (drop) {
    // From the right, what may go goes until the rest fits at their useful floors.
    for (let at = shown.length - 1; at >= 0 && total(shown, usefulFloor) > screen; at--) {
      if (shown[at] !== key && !neverCut.has(head[shown[at]])) shown.splice(at, 1)
    }
  }

  const widths = [...natural]
  const squeeze = (floor: (column: number) => number) => {
    while (total(shown, (column) => widths[column]) > screen) {
      let widest = -1
      for (const column of shown) {
        if (column === key || widths[column] <= floor(column)) continue
        if (widest < 0 || widths[column] > widths[widest]) widest = column
      }

      // Everything else is down to its floor: now the key column gives way.
      if (widest < 0 && key !== -1 && shown.includes(key) && widths[key] > floor(key)) widest = key
      if (widest < 0) return
      widths[widest]--
    }
  }

  squeeze(usefulFloor)
  // Still too wide (a very narrow screen, or columns the user chose): cut to the bare minimum.
  squeeze((column) => (whole(column) ? natural[column] : Math.max(minimumWidth, head[column].length + 2)))
  return {widths: shown.map((column) => widths[column]), shown}
}

/** A rule under the header, drawn from the top border: ┌─┬─┐ becomes ├─┼─┤. */
function withHeaderRule(drawn: string): string {
  const lines = drawn.split('\n')
  if (lines.length < 3) return drawn
  const rule = lines[0].replace('┌', '├').replaceAll('┬', '┼').replace('┐', '┤')
  return [lines[0], lines[1], rule, ...lines.slice(2)].join('\n')
}

/**
 * `drop`: columns the user did not choose, which may go to fit the screen (they are named on
 * stderr). `fields`: the names `--columns` takes, where a header says otherwise (`pipeline` is `group`).
 */
export async function renderTable(stream: Stream, given: string[], allRows: string[][], {drop = false, fields = given} = {}): Promise<string> {
  const {default: Table} = await import('cli-table3')
  const screen = stream.columns ?? (Number(process.env.COLUMNS) || 0)
  const fit = screen > 0 ? fitWidths(given, allRows, screen, drop) : {shown: [...given.keys()]}
  const colWidths = fit.widths
  const head = fit.shown.map((column) => given[column])
  const rows = allRows.map((row) => fit.shown.map((column) => row[column] ?? ''))
  const hidden = [...given.keys()]
    .filter((column) => !fit.shown.includes(column))
    .map((column) => (fields[column] && fields[column] !== given[column] ? `${given[column]} (${fields[column]})` : given[column]))
  if (hidden.length > 0 && stream.isTTY) {
    const count = `${hidden.length} column${hidden.length === 1 ? '' : 's'}`
    process.stderr.write(`${count} hidden to fit ${screen} columns: ${hidden.join(', ')} (--columns to choose)\n`)
  }

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
