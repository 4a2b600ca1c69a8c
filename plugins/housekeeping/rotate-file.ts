/**
 * Rotate one append-only log: when its last write was on an earlier local day than `today`, rename
 * it to `<name>.<that day>` (writers open by path per append, so the next line starts a new file),
 * then gzip that into `<name>.<day>.gz` (counting lines), and remove the plain copy only after the
 * archive is complete and synced. A plain `<name>.<day>` left by an interrupted run is compressed too.
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'

export interface Rotated {
  file: string
  archive: string
  lines: number
}

export async function rotateFile(
  file: string,
  today: string,
  dayOf: (t: number) => string,
): Promise<Rotated[]> {
  const dir = dirname(file)
  const name = basename(file)
  const out: Rotated[] = []
  if (existsSync(file)) {
    const st = statSync(file)
    const day = dayOf(st.mtimeMs)
    if (st.size > 0 && day < today) {
      let target = join(dir, `${name}.${day}`)
      for (let i = 1; existsSync(target) || existsSync(`${target}.gz`); i++)
        target = join(dir, `${name}.${day}.${i}`)
      renameSync(file, target)
    }
  }
  const pattern = new RegExp(
    `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d{4}-\\d{2}-\\d{2})(\\.\\d+)?$`,
  )
  for (const entry of readdirSync(dir).sort()) {
    if (!pattern.test(entry)) continue
    const plain = join(dir, entry)
    const archive = `${plain}.gz`
    const lines = await gzipFile(plain, archive)
    unlinkSync(plain)
    out.push({ file, archive, lines })
  }
  return out
}

async function gzipFile(src: string, dest: string): Promise<number> {
  const tmp = `${dest}.tmp`
  let lines = 0
  let last = 10
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (const b of chunk) if (b === 10) lines++
      if (chunk.length) last = chunk[chunk.length - 1]!
      done(null, chunk)
    },
  })
  await pipeline(createReadStream(src), count, createGzip(), createWriteStream(tmp, { mode: 0o600 }))
  const fd = openSync(tmp, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, dest)
  return last === 10 ? lines : lines + 1
}

/** Archives `<name>.<YYYY-MM-DD>[.n].gz` in `dir` dated before `oldest`: deleted; returns their paths. */
export function deleteOldArchives(file: string, oldest: string): string[] {
  const dir = dirname(file)
  const name = basename(file)
  if (!existsSync(dir)) return []
  const deleted: string[] = []
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith(`${name}.`) || !entry.endsWith('.gz')) continue
    const day = entry.slice(name.length + 1, name.length + 11)
    if (/^\d{4}-\d{2}-\d{2}$/.test(day) && day < oldest) {
      unlinkSync(join(dir, entry))
      deleted.push(join(dir, entry))
    }
  }
  return deleted
}
