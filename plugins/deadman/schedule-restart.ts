/** Plan a restart in the transaction: the action row is counted before it runs, so a crash cannot cause a runaway. */
import { E } from './errors.js'
import type { WizardRecord } from './evaluate-state.js'
import { noteTickError } from './note-tick-error.js'
import type { WizardTuning } from './options.js'
import type { TickRun } from './tick-run.js'

/** Record the restart (and a rollback first when the plan says so); returns whether `r` changed. */
export async function scheduleRestart(
  run: TickRun,
  r: WizardRecord,
  w: WizardTuning,
  rollback: boolean,
): Promise<boolean> {
  const { ctx, now, tx } = run
  const { tuning, log } = ctx
  if (!w.restart) return noteTickError(run, r, E.DEADMAN_NO_RESTART({ wizard: r.wizard }))
  if (rollback) {
    r.incidentRolledBack = true
    run.rollbacks.push({ wizard: r.wizard, incident: r.incident })
  }
  const action = await tx.action(
    r.wizard,
    now,
    'restart',
    tuning.dryRun,
    tuning.dryRun ? 'planned' : 'running',
    { argv: w.restart, attempt: r.streak + 1, afterRollback: rollback },
    r.incident,
  )
  r.lastRestartAt = now
  r.streak++
  r.incidentRestarts++
  run.report.actions.push(action)
  log.warn(
    { wizard: r.wizard, attempt: r.streak, argv: w.restart, dryRun: tuning.dryRun },
    tuning.dryRun ? 'deadman would restart (dry run)' : 'deadman is restarting a silent wizard',
  )
  if (!tuning.dryRun) run.restarts.push({ w, action })
  return true
}
