/**
 * `rollback [n]`: switch back to generation `n`, or by default to the newest good generation older
 * than the live one (never one that was rolled back from). One rename of the live link, journaled.
 */

import { acquireDeployLock, readState } from './deploy-state.js'
import { E } from './errors.js'
import { listGenerations, liveGeneration } from './generations.js'
import { type CommitReport, commit, type DeployContext, recover } from './transaction.js'

export interface RollbackReport {
  from: number | null
  to: number
  commit: CommitReport
}

export function pickRollbackTarget(home: string, requested?: number): number {
  const all = listGenerations(home)
  if (requested !== undefined) {
    if (!all.includes(requested))
      throw E.DEPLOY_NO_GENERATION({ generation: String(requested), known: all.join(', ') })
    return requested
  }
  const live = liveGeneration(home)
  const { bad } = readState(home)
  const older = all.filter((n) => (live === null || n < live) && !bad.includes(n))
  const target = older[older.length - 1]
  if (target === undefined) throw E.DEPLOY_NOTHING_TO_ROLL_BACK(undefined, { exitCode: 1 })
  return target
}

export async function runRollback(ctx: DeployContext, requested?: number): Promise<RollbackReport> {
  await recover(ctx)
  const release = acquireDeployLock(ctx.home)
  try {
    const to = pickRollbackTarget(ctx.home, requested)
    const from = liveGeneration(ctx.home)
    const report = await commit(ctx, { op: 'rollback', from, to })
    await ctx.hooks?.afterDeploy.promise({
      generation: to,
      files: [],
      dryRun: false,
      outcome: 'rolled-back',
      from,
    })
    return { from, to, commit: report }
  } finally {
    release()
  }
}
