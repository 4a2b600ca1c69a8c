/** The too-often detector clears once the beat window is calm again. */
import { isTooOften } from './detect-too-often.js'
import type { WizardRecord } from './evaluate-state.js'
import type { WizardTuning } from './options.js'
import type { TickRun } from './tick-run.js'

/** Returns whether `r` changed. */
export async function clearTooOften(run: TickRun, r: WizardRecord, w: WizardTuning): Promise<boolean> {
  const { ctx, now } = run
  if (!r.flags.includes('too-often')) return false
  const n = await run.tx.countBeats(r.wizard, now - ctx.tuning.tooOften.windowMs)
  if (isTooOften(n, w.periodMs, ctx.tuning.tooOften)) return false
  r.flags = r.flags.filter((f) => f !== 'too-often')
  await run.tx.transition({
    wizard: r.wizard,
    at: now,
    from: 'too-often',
    to: r.state,
    reason: 'beats back to normal',
  })
  return true
}
