/**
 * `timmy doctor`'s deploy check: finish an interrupted deploy (journal present), then verify every
 * managed path of the live generation resolves into it and still has the sha256 its manifest records
 * (Hermes' edits are drift: a failed check naming the files).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isTimmyError, reasonOf } from '../../core/errors.js'
import type { HermesService } from '../hermes/types.js'
import { describeDrift, findDrift } from './find-drift.js'
import { generationDir, liveGeneration, readManifest } from './generations.js'
import { isOurLink } from './switch-generation.js'
import { recover } from './transaction.js'

export async function deployDoctorCheck(
  paths: { home: string; hermesHome: string },
  hermes: HermesService,
): Promise<{
  name: string
  ok: boolean
  detail: string
  advisory?: boolean
}> {
  const name = 'deploy'
  try {
    const r = await recover({ home: paths.home, hermesHome: paths.hermesHome, hermes })
    const live = liveGeneration(paths.home)
    if (live === null) return { name, ok: true, detail: 'no generation deployed yet' }
    const m = readManifest(paths.home, live)
    const fixed = r.recovered
      ? `finished the interrupted ${r.journal!.op} to generation ${r.journal!.to}; `
      : ''
    const drift = findDrift({ ...paths, hermes }, m)
    if (drift.length)
      return {
        name,
        ok: false,
        detail: `${fixed}drift: ${describeDrift(drift)} since generation ${live}: run "timmy deploy --adopt" to keep the edits as a new generation, or "timmy deploy --restore" to re-deploy the overlay`,
      }
    const bad = m.files.filter((f) => {
      if (f.kind !== 'link') return false
      const target = hermes.paths.resolveInside(paths.hermesHome, f.path)
      return (
        !isOurLink(paths.home, target, f.path) || !existsSync(join(generationDir(paths.home, live), f.path))
      )
    })
    if (bad.length)
      return {
        name,
        ok: false,
        advisory: true,
        detail: `${fixed}generation ${live} is live but ${bad.map((f) => f.path).join(', ')} no longer point into it (Hermes rewrote them?): run timmy deploy`,
      }
    // config.yaml must parse through the link.
    const cfg = hermes.paths.resolveInside(paths.hermesHome, 'config.yaml')
    if (existsSync(cfg)) readFileSync(cfg, 'utf8')
    return { name, ok: true, detail: `${fixed}generation ${live} live, ${m.files.length} files consistent` }
  } catch (err) {
    if (isTimmyError(err, 'TIMMY_ERR_DEPLOY_LOCKED'))
      return { name, ok: true, advisory: true, detail: 'a deploy is running right now' }
    return { name, ok: false, detail: reasonOf(err) }
  }
}
