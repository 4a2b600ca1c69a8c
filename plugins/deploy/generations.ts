/**
 * Generations: `$TIMMY_HOME/generations/<n>/` holds every managed file of one deploy plus
 * `manifest.json`. A generation is staged in a hidden folder, fsynced, then renamed to its number,
 * so a numbered folder is always complete. `$TIMMY_HOME/generations/live` is a symlink to the live
 * one; every managed path in `$HERMES_HOME` is a symlink through it.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { reasonOf } from '../../core/errors.js'
import type { CronJobSpec, HermesService } from '../hermes/types.js'
import { E } from './errors.js'

export interface ManifestFile {
  path: string
  sha256: string
  mode: number
  kind: 'link' | 'seed'
  from?: string
}

export interface Manifest {
  generation: number
  createdAt: string
  /** Where the overlay came from (folder, and the commit for webhook deploys). */
  source: { dir?: string; commit?: string; snapshot?: boolean; adopted?: string[] }
  files: ManifestFile[]
  /** Timmy's cron jobs at this generation; absent = leave jobs.json alone. */
  jobs?: CronJobSpec[]
}

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

export function generationsDir(home: string): string {
  return join(home, 'generations')
}
export function generationDir(home: string, n: number): string {
  return join(generationsDir(home), String(n))
}
export function liveLink(home: string): string {
  return join(generationsDir(home), 'live')
}

export function listGenerations(home: string): number[] {
  const dir = generationsDir(home)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((n) => /^\d+$/.test(n) && existsSync(join(dir, n, 'manifest.json')))
    .map(Number)
    .sort((a, b) => a - b)
}

export function readManifest(home: string, n: number): Manifest {
  try {
    return JSON.parse(readFileSync(join(generationDir(home, n), 'manifest.json'), 'utf8')) as Manifest
  } catch (err) {
    throw E.DEPLOY_GENERATION_CORRUPT({ generation: n, reason: reasonOf(err) }, { exitCode: 1 })
  }
}

/** The generation the live link points at (null before the first deploy). */
export function liveGeneration(home: string): number | null {
  try {
    const target = readlinkSync(liveLink(home))
    const n = Number(target.split('/').pop())
    return Number.isInteger(n) ? n : null
  } catch {
    return null
  }
}

export interface StageFile {
  path: string
  content: Uint8Array
  mode: number
  kind: 'link' | 'seed'
  from?: string
}

/**
 * Write a complete generation `n` (files, then manifest), fsynced, and rename it into place. Every
 * file is the generation's own read-only copy: never a hard link shared with another generation, so
 * an edit Hermes makes through a link (see find-drift.ts) can reach one generation only.
 */
export async function stageGeneration(
  hermes: HermesService,
  home: string,
  n: number,
  files: readonly StageFile[],
  meta: {
    source: Manifest['source']
    jobs?: CronJobSpec[]
    now: number
    /** The deploy's journal, written inside the generation so one fsync batch makes both durable. */
    pending?: unknown
  },
): Promise<Manifest> {
  const { crashPoint, fsyncAll, fsyncDir, writeDurable } = hermes.files
  const { resolveInside } = hermes.paths
  const root = generationsDir(home)
  mkdirSync(root, { recursive: true, mode: 0o700 })
  const staging = join(root, `.staging-${n}-${process.pid}`)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { mode: 0o700 })
  const dirs = new Set<string>([staging])
  const written: string[] = []
  for (const f of files) {
    const target = resolveInside(staging, f.path)
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
    dirs.add(dirname(target))
    // Read-only (0444, 0400 for private files); a write through the link is caught as drift.
    writeDurable(target, f.content, f.mode & 0o444, false)
    written.push(target)
    crashPoint()
  }
  const manifest: Manifest = {
    generation: n,
    createdAt: new Date(meta.now).toISOString(),
    source: meta.source,
    files: files.map((f) => ({
      path: f.path,
      sha256: sha256(f.content),
      mode: f.mode,
      kind: f.kind,
      ...(f.from ? { from: f.from } : {}),
    })),
    ...(meta.jobs ? { jobs: meta.jobs } : {}),
  }
  writeDurable(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, 0o400, false)
  if (meta.pending !== undefined) {
    writeDurable(join(staging, 'pending.json'), `${JSON.stringify(meta.pending)}\n`, 0o600, false)
    written.push(join(staging, 'pending.json'))
  }
  // One batch: the files, the manifest and every staging folder.
  await fsyncAll([...written, join(staging, 'manifest.json'), ...dirs])
  const final = generationDir(home, n)
  rmSync(final, { recursive: true, force: true })
  renameSync(staging, final)
  fsyncDir(root)
  crashPoint()
  return manifest
}

/** Remove half-staged generations left by a crash. */
export function removeStaging(home: string): void {
  const root = generationsDir(home)
  if (!existsSync(root)) return
  for (const name of readdirSync(root))
    if (name.startsWith('.staging-') || name.startsWith('.live.'))
      rmSync(join(root, name), { recursive: true, force: true })
}

/** Drop old generations, keeping the newest `keep` and every one in `pinned`. */
export function pruneGenerations(home: string, keep: number, pinned: readonly (number | null)[]): number[] {
  const all = listGenerations(home)
  const keepSet = new Set([...all.slice(-keep), ...pinned.filter((n): n is number => n !== null)])
  const removed = all.filter((n) => !keepSet.has(n))
  for (const n of removed) rmSync(generationDir(home, n), { recursive: true, force: true })
  return removed
}
