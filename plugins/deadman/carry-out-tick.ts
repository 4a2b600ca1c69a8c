/** After the tick's commit: rollbacks one at a time (they share the overlay), restarts side by side, then alerts. */
import { restartWizard, rollbackOverlay } from './recover.js'
import type { TickRun } from './tick-run.js'

export async function carryOutTick(run: TickRun): Promise<void> {
  const { ctx, now, report } = run
  let rolledThisTick: string | undefined
  for (const rb of run.rollbacks) {
    const done = await rollbackOverlay(ctx, rb.wizard, rb.incident, now, rolledThisTick, report)
    if (done) rolledThisTick = rb.wizard
  }
  await Promise.all(run.restarts.map(({ w, action }) => restartWizard(ctx, w, action, report)))
  for (const d of run.deliveries) {
    const rec = await d(ctx.effects)
    const i = report.actions.findIndex((a) => a.id === rec.id)
    if (i >= 0) report.actions[i] = rec
    else report.actions.push(rec)
  }
}
