/**
 * What the terminal can show: its width (for help and tables) and whether to colour. Colour follows
 * the usual rules: NO_COLOR (non-empty) turns it off, FORCE_COLOR turns it on (FORCE_COLOR=0 off),
 * otherwise on when the stream is a terminal (not TERM=dumb). Colours come from node:util styleText.
 */
import { styleText } from 'node:util'

type Format = Parameters<typeof styleText>[0]

let wide = false

/** `--wide`: tables are printed whole. */
export function setWide(value: boolean): void {
  wide = value
}

/** Columns of the terminal: $COLUMNS, else the TTY's width; undefined for a pipe. */
export function terminalColumns(
  stream: { isTTY?: boolean; columns?: number } = process.stdout,
): number | undefined {
  const env = Number(process.env.COLUMNS)
  if (Number.isInteger(env) && env > 0) return env
  return stream.isTTY && stream.columns ? stream.columns : undefined
}

/** Help is wrapped to the terminal, never wider than 80 columns (and never narrower than 40). */
export function helpWidth(): number {
  return Math.max(40, Math.min(80, terminalColumns() ?? 80))
}

/** The width tables must fit, or undefined: `--wide`, or a pipe without $COLUMNS (like gh). */
export function tableWidth(): number | undefined {
  return wide ? undefined : terminalColumns()
}

export function useColor(stream: { isTTY?: boolean } = process.stdout): boolean {
  if (process.env.NO_COLOR) return false
  const force = process.env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return !!stream.isTTY && process.env.TERM !== 'dumb'
}

/** `text` in `format` when `stream` takes colour (stdout unless named), else as it is. */
export function paint(format: Format, text: string, stream: { isTTY?: boolean } = process.stdout): string {
  return useColor(stream) ? styleText(format, text, { validateStream: false }) : text
}

const ANSI = /\x1b\[[0-9;]*m/g

/** The columns a string takes on screen (colour codes take none). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length
}

export function stripColor(text: string): string {
  return text.replace(ANSI, '')
}
