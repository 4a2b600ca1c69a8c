/**
 * `deploy`: load and validate the overlay → plan → `beforeDeploy` (policy may veto) → stage a new
 * generation → commit (journal, one-rename switch, cron merge) → `afterDeploy`. Any failure before
 * the commit leaves `$HERMES_HOME` untouched.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs'
import { parseYamlText } from '../../core/config/yaml-source.js'
import type { TimmyError } from '../../core/errors.js'
import type { Veto } from '../../core/hooks.js'
import type { HermesService } from '../hermes/types.js'
import { addBridge } from './bridge-overlay.js'
import { acquireDeployLock, type Journal, readState } from './deploy-state.js'
import { E } from './errors.js'
import { describeDrift, findDrift } from './find-drift.js'
import {
  listGenerations,
  liveGeneration,
  type Manifest,
  pruneGenerations,
  readManifest,
  removeStaging,
  type StageFile,
  stageGeneration,
} from './generations.js'
import { loadOverlay, type Overlay } from './overlay.js'
import { type Plan, planDeploy } from './plan-deploy.js'
import { sweepTemps } from './switch-generation.js'
import {
  type CommitReport,
  type DeployContext,
  finish,
  jobsWouldChange,
  recover,
  withCronLock,
} from './transaction.js'

export interface DeployOptions {
  /** The project folder holding config/ and skins/. */
  source: string
  dryRun?: boolean
  /** The commit deployed (webhook deploys), recorded in the generation. */
  commit?: string
  /** Deploy the overlay even over files Hermes edited since the live generation (drift). */
  restore?: boolean
  /** Per-host values (fleet rollouts, fleet/deploy-host.ts): change the loaded overlay before it is planned. */
  render?: (overlay: Overlay) => void
}

export interface DeployReport {
  plan: Plan
  outcome: 'applied' | 'unchanged' | 'planned'
  generation: number | null
  commit?: CommitReport
  warnings: string[]
}

export async function runDeploy(ctx: DeployContext, options: DeployOptions): Promise<DeployReport> {
  const now = ctx.now ?? Date.now
  if (!options.dryRun) await recover(ctx)
  const overlay = await loadOverlay(options.source, {
    hermes: ctx.hermes,
    validators: ctx.validators ?? [],
    now,
  })
  options.render?.(overlay)
  if (ctx.bridge) addBridge(overlay, ctx.bridge)
  const liveN = liveGeneration(ctx.home)
  const live = liveN === null ? null : readManifest(ctx.home, liveN)
  const next = Math.max(0, ...listGenerations(ctx.home)) + 1
  const plan = planDeploy({ ...ctx, now }, overlay, live, next, {
    dryRun: !!options.dryRun,
    ...(options.commit ? { commit: options.commit } : {}),
  })
  // Hermes' edits to the live generation are never overwritten silently (nor reported as "unchanged").
  const drift = live ? findDrift(ctx, live) : []
  if (drift.length) {
    if (options.dryRun || options.restore)
      overlay.warnings.push(`drift: ${describeDrift(drift)} (the deploy puts the overlay back)`)
    else throw E.DEPLOY_DRIFT({ drift: describeDrift(drift), generation: live!.generation }, { exitCode: 1 })
    for (const d of drift) {
      const f = plan.files.find((p) => p.path === d.path)
      if (f && f.action === 'unchanged') f.action = 'update'
    }
    plan.changed = true
  }
  const veto = (await ctx.hooks?.beforeDeploy.promise(plan)) as
    | (Veto & { loc?: TimmyError['loc'] })
    | undefined
  if (veto?.veto)
    throw E.DEPLOY_VETOED(
      { by: veto.by ?? 'a plugin', reason: veto.reason },
      veto.loc ? { loc: veto.loc } : {},
    )
  if (options.dryRun) return { plan, outcome: 'planned', generation: null, warnings: overlay.warnings }
  if (!plan.changed) return { plan, outcome: 'unchanged', generation: liveN, warnings: overlay.warnings }

  const release = acquireDeployLock(ctx.home)
  let done: { report: CommitReport; generation: number }
  try {
    // Hermes' cron lock first: a timeout (or no flock) leaves no journal and no switch behind.
    const cronLocked = jobsWouldChange(ctx, overlay.jobs)
    done = await withCronLock(ctx, cronLocked, () =>
      stageAndFinish(ctx, overlay, live, liveN, plan, options, cronLocked),
    )
  } finally {
    release()
  }
  const { report, generation } = done
  await ctx.hooks?.afterDeploy.promise({ ...plan, outcome: 'applied' })
  ctx.log?.info({ generation, commit: options.commit }, 'deployed')
  return { plan, outcome: 'applied', generation, commit: report, warnings: overlay.warnings }
}

async function stageAndFinish(
  ctx: DeployContext,
  overlay: Overlay,
  live: Manifest | null,
  liveN: number | null,
  plan: Plan,
  options: DeployOptions,
  cronLocked: boolean,
): Promise<{ report: CommitReport; generation: number }> {
  const now = ctx.now ?? Date.now
  removeStaging(ctx.home)
  sweepTemps(ctx.hermes, ctx.hermesHome, [
    ...overlay.files.map((f) => f.path),
    ...(live?.files ?? []).map((f) => f.path),
    'cron/jobs.json',
  ])
  const stateBefore = readState(ctx.home)
  let from: Manifest | null = live
  // First deploy over files that are already there: keep them as generation 0 (rollback target).
  if (liveN === null && listGenerations(ctx.home).length === 0) {
    const snapshot = snapshotFiles(
      ctx.hermes,
      ctx.hermesHome,
      overlay.files.filter((f) => f.kind === 'link').map((f) => f.path),
    )
    if (snapshot.length) {
      const pending = journalFor({ op: 'deploy', from: null, to: 0 }, now)
      await stageGeneration(ctx.hermes, ctx.home, 0, snapshot, {
        source: { snapshot: true },
        now: now(),
        pending,
      })
      await finish(ctx, pending, { cronLocked })
      from = readManifest(ctx.home, 0)
    }
  }
  const generation = Math.max(0, ...listGenerations(ctx.home)) + 1
  plan.generation = generation
  const pending = journalFor(
    {
      op: 'deploy',
      from: from?.generation ?? null,
      to: generation,
      ...(options.commit ? { commit: options.commit } : {}),
    },
    now,
  )
  await stageGeneration(
    ctx.hermes,
    ctx.home,
    generation,
    overlay.files.map((f) => ({
      path: f.path,
      content: f.content,
      mode: f.mode,
      kind: f.kind,
      from: f.from,
    })),
    {
      source: { dir: options.source, ...(options.commit ? { commit: options.commit } : {}) },
      ...(overlay.jobs ? { jobs: overlay.jobs.map((j) => j.spec) } : {}),
      now: now(),
      pending,
    },
  )
  const report = await finish(ctx, pending, { cronLocked })
  checkLiveConfig(ctx.hermes, ctx.hermesHome)
  pruneGenerations(ctx.home, ctx.keep ?? 20, [generation, stateBefore.lastKnownGood, 0])
  return { report, generation }
}

function snapshotFiles(hermes: HermesService, hermesHome: string, paths: string[]): StageFile[] {
  const out: StageFile[] = []
  for (const path of paths) {
    const target = hermes.paths.resolveInside(hermesHome, path)
    if (!existsSync(target) || lstatSync(target).isSymbolicLink()) continue
    const st = lstatSync(target)
    if (!st.isFile()) continue
    out.push({ path, content: readFileSync(target), mode: st.mode & 0o777, kind: 'link' })
  }
  return out
}

/** After a switch, Hermes' config.yaml must still parse (it is read through the live link). */
function checkLiveConfig(hermes: HermesService, hermesHome: string): void {
  const file = hermes.paths.resolveInside(hermesHome, 'config.yaml')
  if (!existsSync(file)) return
  parseYamlText(readFileSync(file, 'utf8'), file, { allowEmpty: true })
}

function journalFor(j: Omit<Journal, 'startedAt' | 'pid'>, now: () => number): Journal {
  return { ...j, startedAt: new Date(now()).toISOString(), pid: process.pid }
}
