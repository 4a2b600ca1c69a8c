/**
 * Small durable file operations: write to a temp file beside the target, fsync, rename over it,
 * fsync the folder. A crash leaves either the old or the new file, never half of one.
 */
import { closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs'
import { open } from 'node:fs/promises'
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

/**
 * Write `data` into `file` atomically (temp + rename), with `mode`. `durable` (default) also fsyncs
 * the file before and the folder after the rename, so the new content survives a power cut.
 */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  mode = 0o600,
  options: { durable?: boolean } = {},
): void {
  const durable = options.durable !== false
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const tmp = tempNameFor(file, `timmy-${process.pid}`)
  writeDurable(tmp, data, mode, durable)
  crashPoint()
  renameSync(tmp, file)
  if (durable) fsyncDir(dirname(file))
  crashPoint()
}

/** Create (truncate) `file` with `mode`, and fsync it unless `sync` is false. */
export function writeDurable(file: string, data: string | Uint8Array, mode: number, sync = true): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, mode)
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data
    let off = 0
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
    if (sync) fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** fsync many files and folders at once (the filesystem can commit them together). */
export async function fsyncAll(paths: Iterable<string>): Promise<void> {
  await Promise.all(
    [...paths].map(async (p) => {
      let fh: import('node:fs/promises').FileHandle | undefined
      try {
        fh = await open(p, constants.O_RDONLY)
        await fh.sync()
      } catch {
        // Folders on some filesystems refuse fsync; the renames stay atomic.
      } finally {
        await fh?.close()
      }
    }),
  )
}
