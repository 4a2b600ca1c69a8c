/**
 * The switch. Every managed path in `$HERMES_HOME` is a symlink to
 * `$TIMMY_HOME/generations/live/<path>`, and `live` is a symlink to one generation folder. Switching
 * generations is one `rename(2)` of `live`: all managed paths change together, atomically (the
 * Kubernetes `..data` swap). Per-path links only change when the set of paths changes; a link whose
 * file is not in the live generation dangles, which Hermes reads as "absent" — still one generation.
 * Memory seeds are real files, copied only when absent (Hermes writes them in place).
 */
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import type { HermesService } from '../hermes/types.js'
import { generationDir, generationsDir, liveLink, type Manifest } from './generations.js'

export interface SwitchReport {
  linked: string[]
  displaced: string[]
  unlinked: string[]
  seeded: string[]
}

export function linkTarget(home: string, path: string): string {
  return join(liveLink(home), ...path.split('/'))
}

function lexists(p: string): boolean {
  try {
    lstatSync(p)
    return true
  } catch {
    return false
  }
}

export function isOurLink(home: string, target: string, path: string): boolean {
  try {
    return lstatSync(target).isSymbolicLink() && readlinkSync(target) === linkTarget(home, path)
  } catch {
    return false
  }
}

/** Atomically make `target` a symlink to `to` (symlink beside it, then rename over). */
function replaceWithLink(target: string, to: string): void {
  const tmp = join(dirname(target), `.${target.split('/').pop()}.timmy-link-${process.pid}.tmp`)
  rmSync(tmp, { force: true })
  symlinkSync(to, tmp)
  renameSync(tmp, target)
}

export function switchGeneration(
  ctx: { home: string; hermesHome: string; hermes: HermesService },
  to: Manifest,
  from: Manifest | null,
): SwitchReport {
  const { home, hermesHome, hermes } = ctx
  const { crashPoint, fsyncDir, writeFileAtomic } = hermes.files
  const { resolveInside } = hermes.paths
  const report: SwitchReport = { linked: [], displaced: [], unlinked: [], seeded: [] }
  const touched = new Set<string>()
  // A snapshot of files already in place (generation 0) shows the same content before and after
  // the links replace them, so it swaps first; otherwise links first (dangling = the old state).
  if (to.source.snapshot) swapLive(hermes, home, to.generation)
  // 1. A link for every path of the new generation (it shows the live generation's file until the swap).
  for (const f of to.files) {
    if (f.kind !== 'link') continue
    const target = resolveInside(hermesHome, f.path)
    if (isOurLink(home, target, f.path)) continue
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
    if (lexists(target)) {
      // A real file here (Hermes rewrote it, or a user made it): keep a copy beside the generation.
      const keep = join(generationDir(home, to.generation), 'displaced', ...f.path.split('/'))
      if (!to.source.snapshot && !lstatSync(target).isSymbolicLink() && !existsSync(keep)) {
        mkdirSync(dirname(keep), { recursive: true, mode: 0o700 })
        copyFileSync(target, keep)
        report.displaced.push(f.path)
      }
    }
    replaceWithLink(target, linkTarget(home, f.path))
    touched.add(dirname(target))
    report.linked.push(f.path)
    crashPoint()
  }
  for (const d of touched) fsyncDir(d)
  // 2. The swap: one rename switches every managed path to the new generation.
  swapLive(hermes, home, to.generation)
  // 3. Paths the new generation no longer has: remove our (now dangling) links.
  const keep = new Set(to.files.map((f) => f.path))
  for (const f of from?.files ?? []) {
    if (f.kind !== 'link' || keep.has(f.path)) continue
    const target = resolveInside(hermesHome, f.path)
    if (!isOurLink(home, target, f.path)) continue
    rmSync(target, { force: true })
    fsyncDir(dirname(target))
    report.unlinked.push(f.path)
    crashPoint()
  }
  // 4. Seeds (memories): written only where Hermes has nothing yet.
  for (const f of to.files) {
    if (f.kind !== 'seed') continue
    const target = resolveInside(hermesHome, f.path)
    if (lexists(target)) continue
    const src = join(generationDir(home, to.generation), ...f.path.split('/'))
    writeFileAtomic(target, readFileSync(src), f.mode)
    report.seeded.push(f.path)
  }
  return report
}

/** Point `generations/live` at generation `n` with one rename (no-op when it already does). */
export function swapLive(hermes: HermesService, home: string, n: number): void {
  const { crashPoint, fsyncDir } = hermes.files
  const live = liveLink(home)
  mkdirSync(generationsDir(home), { recursive: true, mode: 0o700 })
  let current: string | null = null
  try {
    current = readlinkSync(live)
  } catch {}
  if (current === String(n)) return
  const tmp = join(generationsDir(home), `.live.${process.pid}.tmp`)
  rmSync(tmp, { force: true })
  symlinkSync(String(n), tmp)
  crashPoint()
  renameSync(tmp, live)
  fsyncDir(generationsDir(home))
  crashPoint()
}

/** Remove temp files a killed deploy left beside managed paths (`.<name>.timmy-….tmp`). Call under the deploy lock. */
export function sweepTemps(hermes: HermesService, hermesHome: string, paths: Iterable<string>): string[] {
  const removed: string[] = []
  const dirs = new Set<string>()
  for (const p of paths) dirs.add(dirname(hermes.paths.resolveInside(hermesHome, p)))
  for (const d of dirs) {
    let names: string[]
    try {
      names = readdirSync(d)
    } catch {
      continue
    }
    for (const name of names)
      if (/^\..+\.timmy-(link-)?\d+\.tmp$/.test(name)) {
        rmSync(join(d, name), { force: true })
        removed.push(join(d, name))
      }
  }
  return removed
}
