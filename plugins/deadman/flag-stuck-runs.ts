/** The start-without-finish detector: a run that started longer ago than the wizard's maxRun and never finished. */
import type { WizardRecord } from './evaluate-state.js'
import { iso, secs } from './format-time.js'
import type { WizardTuning } from './options.js'
import { raiseDetector } from './raise-detector.js'
import type { TickRun } from './tick-run.js'

export type StuckRun = { run: string; started_at: number }

/** Flag `r`'s overdue runs; returns whether `r` changed. */
export async function flagStuckRuns(
  run: TickRun,
  r: WizardRecord,
  w: WizardTuning,
  stuck: StuckRun[],
): Promise<boolean> {
  const { ctx, now } = run
  let dirty = false
  for (const s of stuck) {
    if (s.started_at >= now - w.maxRunMs) continue
    await run.tx.flagRun(r.wizard, s.run)
    if (!r.flags.includes('start-without-finish')) {
      const msg = `run "${s.run}" started at ${iso(s.started_at)} and has not finished after ${secs(now - s.started_at)} s (limit ${secs(w.maxRunMs)} s)`
      run.deliveries.push(await raiseDetector(ctx, run.tx, r, 'start-without-finish', now, msg, run.events))
      dirty = true
    }
  }
  return dirty
}
