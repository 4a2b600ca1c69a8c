/**
 * Small durable file operations: write to a temp file beside the target, fsync, rename over it,
 * fsync the folder. A crash leaves either the old or the new file, never half of one.
 */
import { closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Called between durable steps; a test sets `TIMMY_DEPLOY_CRASH_AT` to die at step K (crash tests). */
export const crashPoint = makeCrashPoint(process.env.TIMMY_DEPLOY_CRASH_AT)

function makeCrashPoint(at: string | undefined): () => void {
  const k = at === undefined ? Number.NaN : Number(at)
  if (!Number.isInteger(k)) return () => {}
  let n = 0
  return () => {
    if (++n === k) process.kill(process.pid, 'SIGKILL')
  }
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, constants.O_RDONLY)
    fsyncSync(fd)
  } catch {
    // Some filesystems refuse fsync on folders; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

export function tempNameFor(target: string, tag: string): string {
  return join(dirname(target), `.${basename(target)}.${tag}.tmp`)
}

/** Write `data` into `file` durably (temp + fsync + rename + folder fsync), with `mode`. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600, tag = 'timmy'): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const tmp = tempNameFor(file, `${tag}-${process.pid}`)
  writeDurable(tmp, data, mode)
  crashPoint()
  renameSync(tmp, file)
  fsyncDir(dirname(file))
  crashPoint()
}

/** Create (truncate) `file` with `mode` and fsync it. */
export function writeDurable(file: string, data: string | Uint8Array, mode: number): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, mode)
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data
    let off = 0
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
