/**
 * `timmy deploy --adopt`: keep Hermes' edits to managed files (drift) as a new generation — the live
 * generation's files, with each drifted file as Hermes now has it — and switch to it, links restored.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { acquireDeployLock } from './deploy-state.js'
import { E } from './errors.js'
import { findDrift } from './find-drift.js'
import {
  generationDir,
  listGenerations,
  liveGeneration,
  readManifest,
  type StageFile,
  stageGeneration,
} from './generations.js'
import { type DeployContext, finish, recover } from './transaction.js'

export interface AdoptReport {
  from: number
  generation: number
  adopted: string[]
}

export async function adoptDrift(ctx: DeployContext): Promise<AdoptReport> {
  const now = ctx.now ?? Date.now
  await recover(ctx)
  const release = acquireDeployLock(ctx.home)
  try {
    const liveN = liveGeneration(ctx.home)
    const live = liveN === null ? null : readManifest(ctx.home, liveN)
    const drift = live ? findDrift(ctx, live) : []
    if (!live || !drift.length) throw E.DEPLOY_NO_DRIFT(undefined, { exitCode: 1 })
    const adopted = drift.map((d) => d.path)
    const files: StageFile[] = live.files.map((f) => {
      const drifted = adopted.includes(f.path)
      const content = drifted
        ? readFileSync(ctx.hermes.paths.resolveInside(ctx.hermesHome, f.path))
        : readFileSync(join(generationDir(ctx.home, live.generation), ...f.path.split('/')))
      return {
        path: f.path,
        content,
        mode: f.mode,
        kind: f.kind,
        ...(drifted ? { from: '(adopted from $HERMES_HOME)' } : f.from ? { from: f.from } : {}),
      }
    })
    const generation = Math.max(0, ...listGenerations(ctx.home)) + 1
    const pending = {
      op: 'deploy' as const,
      from: live.generation,
      to: generation,
      startedAt: new Date(now()).toISOString(),
      pid: process.pid,
    }
    await stageGeneration(ctx.hermes, ctx.home, generation, files, {
      source: { ...live.source, adopted },
      ...(live.jobs ? { jobs: live.jobs } : {}),
      now: now(),
      pending,
    })
    await finish(ctx, pending)
    return { from: live.generation, generation, adopted }
  } finally {
    release()
  }
}
