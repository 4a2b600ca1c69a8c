/**
 * One deploy or rollback as a transaction: journal → switch → cron jobs → state → clear journal.
 * The target generation is complete on disk before the journal is written, so an interrupted
 * transaction is always finished (rolled forward) by `recover`, which every deploy, rollback and
 * `timmy doctor` runs first.
 */

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Hooks } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { FileValidator } from '../../core/plugin.js'
import type { DeclaredJob, HermesService, MergeResult } from '../hermes/types.js'
import type { BridgeInstall } from './bridge-install-of.js'
import {
  acquireDeployLock,
  clearJournal,
  type Journal,
  readJournal,
  readState,
  writeJournal,
  writeState,
} from './deploy-state.js'
import { generationDir, liveGeneration, type Manifest, readManifest, removeStaging } from './generations.js'
import { type SwitchReport, switchGeneration } from './switch-generation.js'

export interface DeployContext {
  /** Hermes' file formats (the `hermes` service). */
  hermes: HermesService
  /** `$TIMMY_HOME` */
  home: string
  /** `$HERMES_HOME` */
  hermesHome: string
  hooks?: Pick<Hooks, 'beforeDeploy' | 'afterDeploy'>
  validators?: readonly FileValidator[]
  log?: Pick<Logger, 'info' | 'warn'>
  now?: () => number
  /** Generations to keep (older ones are pruned; live and last known-good always stay). */
  keep?: number
  /** Install and enable the Hermes bridge plugin with each deploy (absent: the overlay as it is). */
  bridge?: BridgeInstall
  /** How long to wait for Hermes' `cron/.jobs.lock` (default 10 s). */
  lockTimeoutMs?: number
}

export interface CommitReport {
  switch: SwitchReport
  jobs?: MergeResult
}

export function jobsOf(
  hermes: HermesService,
  manifest: Manifest,
  now: () => number,
): DeclaredJob[] | undefined {
  return manifest.jobs?.map((spec) => ({
    spec,
    hermesId: `${hermes.cron.jobPrefix}${spec.id}`,
    schedule: hermes.cron.parseSchedule(spec.schedule, now),
  }))
}

/** The jobs a transaction to `to` merges into jobs.json (undefined: leave jobs.json alone). */
function jobsFor(
  ctx: DeployContext,
  to: Manifest,
  from: Manifest | null,
  now: () => number,
): DeclaredJob[] | undefined {
  // Rolling back to a generation that had no cron.yaml removes timmy's jobs only if it is a snapshot.
  return jobsOf(ctx.hermes, to, now) ?? (to.source.snapshot && from?.jobs ? [] : undefined)
}

/** Would merging `jobs` change Hermes' jobs.json (then the transaction needs its lock)? */
export function jobsWouldChange(ctx: DeployContext, jobs: readonly DeclaredJob[] | undefined): boolean {
  if (!jobs) return false
  const file = join(ctx.hermesHome, ctx.hermes.paths.files.cronJobs)
  return ctx.hermes.jobs.merge(ctx.hermes.jobs.read(file), jobs, (ctx.now ?? Date.now)()).changed
}

/**
 * Run `fn` holding Hermes' `cron/.jobs.lock` when `needed`: taken before the journal and the switch,
 * so a lock timeout (or no flock) changes nothing — config.yaml and jobs.json stay together.
 */
export async function withCronLock<T>(ctx: DeployContext, needed: boolean, fn: () => Promise<T>): Promise<T> {
  if (!needed) return fn()
  return ctx.hermes.jobs.withLock(join(ctx.hermesHome, ctx.hermes.paths.files.cronLock), fn, {
    timeoutMs: ctx.lockTimeoutMs ?? 10_000,
  })
}

function manifests(ctx: DeployContext, journal: Pick<Journal, 'from' | 'to'>) {
  const to = readManifest(ctx.home, journal.to)
  const from =
    journal.from !== null && existsSync(generationDir(ctx.home, journal.from))
      ? readManifest(ctx.home, journal.from)
      : null
  return { to, from }
}

export async function commit(
  ctx: DeployContext,
  journal: Omit<Journal, 'startedAt' | 'pid'>,
): Promise<CommitReport> {
  const now = ctx.now ?? Date.now
  const { to, from } = manifests(ctx, journal)
  const needed = jobsWouldChange(ctx, jobsFor(ctx, to, from, now))
  return withCronLock(ctx, needed, async () => {
    const full: Journal = { ...journal, startedAt: new Date(now()).toISOString(), pid: process.pid }
    writeJournal(ctx.hermes, ctx.home, full)
    return finish(ctx, full, { cronLocked: needed })
  })
}

/** Run a journaled transaction to its end (the journal is already durable). */
export async function finish(
  ctx: DeployContext,
  journal: Journal,
  options: { cronLocked?: boolean } = {},
): Promise<CommitReport> {
  const now = ctx.now ?? Date.now
  const { to, from } = manifests(ctx, journal)
  const report: CommitReport = { switch: switchGeneration(ctx, to, from) }
  const jobs = jobsFor(ctx, to, from, now)
  if (jobs)
    report.jobs = await ctx.hermes.jobs.apply(ctx.hermesHome, jobs, {
      now,
      locked: !!options.cronLocked,
      lockTimeoutMs: ctx.lockTimeoutMs ?? 10_000,
    })
  const state = readState(ctx.home)
  if (journal.op === 'rollback' && journal.from !== null && !state.bad.includes(journal.from))
    state.bad.push(journal.from)
  state.bad = state.bad.filter((n) => n !== journal.to)
  state.lastKnownGood = journal.to
  state.history.push({
    generation: journal.to,
    op: journal.op,
    at: new Date(now()).toISOString(),
    ...(journal.commit ? { commit: journal.commit } : {}),
  })
  writeState(ctx.hermes, ctx.home, state)
  clearJournal(ctx.hermes, ctx.home)
  return report
}

export interface RecoverReport {
  recovered: boolean
  journal?: Journal
  live: number | null
}

/** Finish a deploy or rollback that was interrupted (a crash, a kill). Safe to call any time. */
export async function recover(
  ctx: DeployContext,
  options: { locked?: boolean } = {},
): Promise<RecoverReport> {
  const journal = readJournal(ctx.home)
  if (!journal) {
    return { recovered: false, live: liveGeneration(ctx.home) }
  }
  const release = options.locked ? () => {} : acquireDeployLock(ctx.home)
  try {
    const again = readJournal(ctx.home)
    if (!again) return { recovered: false, live: liveGeneration(ctx.home) }
    removeStaging(ctx.home)
    const { to, from } = manifests(ctx, again)
    const needed = jobsWouldChange(ctx, jobsFor(ctx, to, from, ctx.now ?? Date.now))
    await withCronLock(ctx, needed, () => finish(ctx, again, { cronLocked: needed }))
    ctx.log?.info({ generation: again.to, op: again.op }, 'finished an interrupted deploy')
    return { recovered: true, journal: again, live: liveGeneration(ctx.home) }
  } finally {
    release()
  }
}
