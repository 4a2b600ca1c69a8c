/** Retries exhausted: set deadman_active, record the transition and hook event, and alert a human. */
import { E } from './errors.js'
import type { WizardRecord } from './evaluate-state.js'
import { iso, secs } from './format-time.js'
import { recordAlert } from './raise-alert.js'
import type { TickRun } from './tick-run.js'

export async function markExhausted(run: TickRun, r: WizardRecord): Promise<void> {
  const { ctx, now, tx } = run
  const { ds, tuning, log } = ctx
  r.active = true
  const restartsDone = await tx.restartsInWindow(r, tuning.windowMs, now)
  const err = E.DEADMAN_RETRIES_EXHAUSTED({
    wizard: r.wizard,
    restarts: restartsDone,
    windowSeconds: secs(tuning.windowMs),
  })
  const reason = 'retries exhausted: deadman_active set, waiting for a human'
  await tx.transition({ wizard: r.wizard, at: now, from: r.state, to: r.state, reason })
  run.events.push({
    wizard: r.wizard,
    source: 'deadman',
    at: iso(now),
    state: r.state,
    previous: r.state,
    active: true,
    reason,
  })
  const a = await recordAlert(
    tx,
    ds,
    {
      wizard: r.wizard,
      at: now,
      code: err.code,
      title: `deadman: ${r.wizard} is down and needs a human`,
      message: err.bare,
      incident: r.incident,
    },
    { dryRun: tuning.dryRun, alert: ctx.options.alert, log },
  )
  run.report.actions.push(a.record)
  run.deliveries.push((effects) => a.deliver(effects))
}
