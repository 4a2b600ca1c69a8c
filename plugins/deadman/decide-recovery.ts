/** Recovery of a down wizard that no human holds: restart (after a rollback when due) or give up. */
import type { WizardRecord } from './evaluate-state.js'
import { markExhausted } from './mark-exhausted.js'
import type { WizardTuning } from './options.js'
import { planRecovery } from './plan-recovery.js'
import { scheduleRestart } from './schedule-restart.js'
import type { TickRun } from './tick-run.js'

/** Returns whether `r` changed. */
export async function decideRecovery(run: TickRun, r: WizardRecord, w: WizardTuning): Promise<boolean> {
  const { ctx, now, tx } = run
  const { tuning } = ctx
  if (r.state !== 'down' || r.active) return false
  const plan = planRecovery(r, w, tuning, await tx.restartsInWindow(r, tuning.windowMs, now), now)
  if (plan.kind === 'restart') return scheduleRestart(run, r, w, plan.rollback)
  if (plan.kind === 'exhausted') {
    await markExhausted(run, r)
    return true
  }
  return false
}
