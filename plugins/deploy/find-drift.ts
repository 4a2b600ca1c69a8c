/**
 * Drift: what Hermes changed in the managed files of the live generation since timmy deployed them —
 * an edit through the link (Hermes' config writer keeps the `config.yaml` symlink and rewrites the
 * file it points to), or an atomic replace (the link became a regular file). Each managed file's
 * sha256 is in the generation's manifest; the file is read where Hermes reads it.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HermesService } from '../hermes/types.js'
import { generationDir, liveGeneration, type Manifest, readManifest, sha256 } from './generations.js'
import { isOurLink } from './switch-generation.js'

export interface Drift {
  path: string
  /** `edited`: rewritten through the link; `replaced`: the link is now a regular file. */
  how: 'edited' | 'replaced'
}

export function findDrift(
  ctx: { home: string; hermesHome: string; hermes: HermesService },
  live?: Manifest | null,
): Drift[] {
  const n = live === undefined ? liveGeneration(ctx.home) : (live?.generation ?? null)
  if (n === null) return []
  const m = live ?? readManifest(ctx.home, n)
  const out: Drift[] = []
  for (const f of m.files) {
    if (f.kind !== 'link') continue
    const target = ctx.hermes.paths.resolveInside(ctx.hermesHome, f.path)
    if (isOurLink(ctx.home, target, f.path)) {
      const file = join(generationDir(ctx.home, m.generation), ...f.path.split('/'))
      if (existsSync(file) && sha256(readFileSync(file)) !== f.sha256)
        out.push({ path: f.path, how: 'edited' })
    } else if (isRegularFile(target) && sha256(readFileSync(target)) !== f.sha256)
      out.push({ path: f.path, how: 'replaced' })
  }
  return out
}

export function describeDrift(drift: readonly Drift[]): string {
  return drift.map((d) => `${d.path} was ${d.how === 'edited' ? 'edited' : 'replaced'} by Hermes`).join(', ')
}

function isRegularFile(p: string): boolean {
  try {
    return lstatSync(p).isFile()
  } catch {
    return false
  }
}
