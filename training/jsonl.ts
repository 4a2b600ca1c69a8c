/**
 * JSONL in constant memory: a synchronous line reader over fixed-size chunks, and a buffered writer.
 * Synchronous I/O keeps the pipeline simple and fast for a CLI; memory stays at one chunk plus one line.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs'

const CHUNK = 1 << 20

export interface Line {
  text: string
  /** 1-based line number. */
  line: number
  /** Set (and `text` empty) when the line was longer than `maxLineBytes` and was skipped. */
  tooLong?: number
}

/** Yield each line of a file (without the newline). Lines over `maxLineBytes` are skipped, not held. */
export function* readLines(file: string, maxLineBytes = 64 * 1024 * 1024): Generator<Line> {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.allocUnsafe(CHUNK)
    let parts: Buffer[] = []
    let partLen = 0
    let skipping = false
    let lineNo = 0
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null)
      if (n === 0) break
      let start = 0
      for (;;) {
        const nl = buf.indexOf(10, start)
        if (nl === -1 || nl >= n) break
        lineNo++
        if (skipping) {
          yield { text: '', line: lineNo, tooLong: partLen + nl - start }
        } else {
          const piece = buf.subarray(start, nl)
          const text = partLen ? Buffer.concat([...parts, piece]).toString('utf8') : piece.toString('utf8')
          yield { text: stripCr(text), line: lineNo }
        }
        parts = []
        partLen = 0
        skipping = false
        start = nl + 1
      }
      if (start < n) {
        partLen += n - start
        if (partLen > maxLineBytes) {
          skipping = true
          parts = []
        } else parts.push(Buffer.from(buf.subarray(start, n)))
      }
    }
    if (partLen) {
      lineNo++
      if (skipping) yield { text: '', line: lineNo, tooLong: partLen }
      else yield { text: stripCr(Buffer.concat(parts).toString('utf8')), line: lineNo }
    }
  } finally {
    closeSync(fd)
  }
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s
}

/** Append-only JSONL writer; writes to `<file>.partial` and renames on `close()` so readers never see half a file. */
export class JsonlWriter {
  private fd: number
  private buf: string[] = []
  private size = 0
  count = 0
  constructor(readonly file: string) {
    this.fd = openSync(`${file}.partial`, 'w', 0o600)
  }
  write(value: unknown): void {
    this.writeLine(JSON.stringify(value))
  }
  /** Write one line of JSON text already serialised (without the newline). */
  writeLine(json: string): void {
    const line = `${json}\n`
    this.buf.push(line)
    this.size += line.length
    this.count++
    if (this.size >= CHUNK) this.flush()
  }
  private flush(): void {
    if (!this.buf.length) return
    writeSync(this.fd, this.buf.join(''))
    this.buf = []
    this.size = 0
  }
  close(): void {
    this.flush()
    closeSync(this.fd)
    renameSync(`${this.file}.partial`, this.file)
  }
  /** Stop without publishing the file (an error happened). */
  abort(): void {
    try {
      closeSync(this.fd)
    } catch {}
  }
}

export function fileSize(file: string): number {
  const fd = openSync(file, 'r')
  try {
    return fstatSync(fd).size
  } finally {
    closeSync(fd)
  }
}
