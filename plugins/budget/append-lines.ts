/**
 * Append whole lines to a file shared by many writers: open with O_APPEND and write each batch with
 * one write(2), so the kernel places it at the end atomically and lines never interleave.
 */
import { closeSync, openSync, writeSync } from 'node:fs'

export function appendLines(path: string, lines: readonly string[]): void {
  if (lines.length === 0) return
  const fd = openSync(path, 'a', 0o600)
  try {
    for (const line of lines) {
      const buf = Buffer.from(line.endsWith('\n') ? line : `${line}\n`)
      const n = writeSync(fd, buf)
      if (n !== buf.length) throw new Error(`short write to ${path}: ${n} of ${buf.length} bytes`)
    }
  } finally {
    closeSync(fd)
  }
}
