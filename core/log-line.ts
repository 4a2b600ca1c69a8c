/**
 * One log record as a line a person reads (a terminal): `12:03:04 WARN  deadman: wizard is late
 * wizard=ezra late=92s`. Elsewhere (pipes, files, journald) records stay JSON lines.
 * TIMMY_LOG_FORMAT=json|pretty overrides the choice.
 */
import { styleText } from 'node:util'

const NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
}
const COLORS: Record<number, Parameters<typeof styleText>[0]> = {
  40: 'yellow',
  50: 'red',
  60: 'red',
  20: 'gray',
  10: 'gray',
}
const HIDDEN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname', 'plugin'])

export function wantsPrettyLogs(stream: NodeJS.WritableStream): boolean {
  const format = process.env.TIMMY_LOG_FORMAT
  if (format === 'json' || format === 'pretty') return format === 'pretty'
  return !!(stream as { isTTY?: boolean }).isTTY
}

export function formatLogLine(record: Record<string, unknown>, color: boolean): string {
  const level = Number(record.level)
  const time = new Date(Number(record.time) || Date.now()).toTimeString().slice(0, 8)
  let name = (NAMES[level] ?? String(level)).padEnd(5)
  if (color && COLORS[level]) name = styleText(COLORS[level]!, name, { validateStream: false })
  const who = typeof record.plugin === 'string' ? `${record.plugin}: ` : ''
  const fields = Object.entries(record)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
  return `${time} ${name} ${who}${String(record.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}\n`
}

/** A destination for pino (and the quiet logger) that turns each JSON line into a readable one. */
export function prettyDestination(stream: NodeJS.WritableStream): { write(line: string): boolean } {
  const color = !process.env.NO_COLOR && (stream as { isTTY?: boolean }).isTTY === true
  return {
    write(line: string) {
      try {
        return stream.write(formatLogLine(JSON.parse(line) as Record<string, unknown>, color))
      } catch {
        return stream.write(line)
      }
    },
  }
}
