/**
 * The `deploy` service (provided by plugins/deploy): what other plugins — the deadman above all —
 * may call. `rollback()` with no argument goes back to the newest good generation before the live one.
 */

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { DoctorCheck } from '../../core/doctor-check.js'
import type { QueueService } from '../queue/host-queue.js'
import type { AdoptReport } from './adopt-drift.js'
import type { DeploySettings } from './config-schema.js'
import { readState } from './deploy-state.js'
import type { FreshnessReport } from './freshness.js'
import { generationDir, listGenerations, liveGeneration, readManifest } from './generations.js'
import type { DeployOptions, DeployReport } from './run-deploy.js'
import type { RollbackReport } from './run-rollback.js'
import type { DeployContext, RecoverReport } from './transaction.js'

// The bodies of the async methods load when first called (`timmy plugins` never calls them).
let deployBody: Promise<typeof import('./run-deploy.js')> | undefined
let rollbackBody: Promise<typeof import('./run-rollback.js')> | undefined
let adoptBody: Promise<typeof import('./adopt-drift.js')> | undefined
let transactionBody: Promise<typeof import('./transaction.js')> | undefined
const loadDeploy = () => (deployBody ??= import('./run-deploy.js'))
const loadRollback = () => (rollbackBody ??= import('./run-rollback.js'))
const loadAdopt = () => (adoptBody ??= import('./adopt-drift.js'))
const loadTransaction = () => (transactionBody ??= import('./transaction.js'))
let freshnessBody: Promise<typeof import('./freshness.js')> | undefined
let flushBody: Promise<typeof import('./flush-continuity.js')> | undefined
const loadFreshness = () => (freshnessBody ??= import('./freshness.js'))
const loadFlush = () => (flushBody ??= import('./flush-continuity.js'))

export interface GenerationInfo {
  generation: number
  createdAt: string
  files: number
  commit?: string
  /** Generation 0: the files that were in `$HERMES_HOME` before timmy's first deploy. */
  snapshot: boolean
  live: boolean
  lastKnownGood: boolean
  /** Rolled back from: a default rollback never picks it. */
  bad: boolean
}

export interface DeployService {
  /** Lines of `timmy doctor` (an interrupted deploy finished, the live generation checked). */
  doctor?(): Promise<DoctorCheck[]>
  generations(): GenerationInfo[]
  live(): number | null
  lastKnownGood(): number | null
  /** Switch back to generation `n`, or to the newest good one before the live one. */
  rollback(n?: number): Promise<RollbackReport>
  /** Keep Hermes' edits of managed files as a new generation (`timmy deploy --adopt`). */
  adopt(): Promise<AdoptReport>
  deploy(options?: Partial<DeployOptions>): Promise<DeployReport>
  /** Finish an interrupted deploy (what `timmy doctor` runs). */
  recover(): Promise<RecoverReport>
  freshness(options?: { source?: string }): Promise<FreshnessReport>
  /** Append the active state to `$TIMMY_HOME/daily-notes/YYYY-MM-DD.md` now; returns the file. */
  flushContinuity(): Promise<string>
  /** The plugin's options (`pluginOptions.deploy`), defaults applied: the CLI commands read them here. */
  readonly settings: DeploySettings
}

export function listGenerationInfo(home: string): GenerationInfo[] {
  const live = liveGeneration(home)
  const state = readState(home)
  return listGenerations(home).map((n) => {
    const m = readManifest(home, n)
    return {
      generation: n,
      createdAt: m.createdAt,
      files: m.files.length,
      ...(m.source.commit ? { commit: m.source.commit } : {}),
      snapshot: !!m.source.snapshot,
      live: n === live,
      lastKnownGood: n === state.lastKnownGood,
      bad: state.bad.includes(n),
    }
  })
}

export function createDeployService(
  ctx: DeployContext,
  defaults: { source: string; settings: DeploySettings; queue?: () => QueueService | undefined },
): DeployService {
  const service: DeployService = {
    settings: defaults.settings,
    generations: () => listGenerationInfo(ctx.home),
    live: () => liveGeneration(ctx.home),
    lastKnownGood: () => {
      const n = readState(ctx.home).lastKnownGood
      return n !== null && existsSync(join(generationDir(ctx.home, n), 'manifest.json')) ? n : null
    },
    rollback: async (n) => (await loadRollback()).runRollback(ctx, n),
    adopt: async () => (await loadAdopt()).adoptDrift(ctx),
    deploy: async (options = {}) =>
      (await loadDeploy()).runDeploy(ctx, { source: defaults.source, ...options }),
    recover: async () => (await loadTransaction()).recover(ctx),
    freshness: async (options = {}) =>
      (await loadFreshness()).checkFreshness(
        { ...ctx, queue: defaults.queue?.() },
        options.source ?? defaults.source,
      ),
    flushContinuity: async () => (await loadFlush()).flushContinuity(ctx.hermes, ctx.home, service),
  }
  return service
}

export type { DeployOptions, DeployReport, RecoverReport, RollbackReport }
