/**
 * A plain text table with aligned columns. On a terminal (or with $COLUMNS) it fits the width: the
 * widest columns are cut first, with "…"; `--wide` (or a pipe without $COLUMNS) prints it whole.
 * Cells may carry colour; widths count what is visible.
 */
import { stripColor, tableWidth, visibleWidth } from './terminal.js'

const GAP = 2
const MIN_COLUMN = 4

export function formatTable(
  headers: string[],
  rows: string[][],
  options: { width?: number | undefined } = { width: tableWidth() },
): string {
  const widths = headers.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))),
  )
  if (options.width !== undefined) shrink(widths, headers, options.width)
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const cell = fit(c, widths[i]!)
        return i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleWidth(cell))
      })
      .join(' '.repeat(GAP))
      .trimEnd()
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n')
}

/** Narrow the widest columns, one column at a time, until the table fits (or none can give more). */
function shrink(widths: number[], headers: string[], width: number): void {
  const floor = headers.map((h) => Math.min(Math.max(MIN_COLUMN, visibleWidth(h)), 12))
  let total = widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1)
  while (total > width) {
    let widest = -1
    for (let i = 0; i < widths.length; i++)
      if (widths[i]! > floor[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i
    if (widest < 0) return
    widths[widest]!--
    total--
  }
}

/** The cell cut to `width` columns with "…" (a cut cell loses its colour). */
export function fit(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text
  const chars = [...stripColor(text)]
  return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`
}
