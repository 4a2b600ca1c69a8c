/** The stamp file as a beat source: a changed mtime is a beat observed now (and may fire too-often). */
import { isTooOften } from './detect-too-often.js'
import type { WizardRecord } from './evaluate-state.js'
import { secs } from './format-time.js'
import { noteTickError } from './note-tick-error.js'
import type { WizardTuning } from './options.js'
import { raiseDetector } from './raise-detector.js'
import type { TickRun } from './tick-run.js'

/** Apply `r`'s stamp read before the transaction; returns whether `r` changed. */
export async function applyStampBeat(run: TickRun, r: WizardRecord, w: WizardTuning): Promise<boolean> {
  const { ctx, now, tx } = run
  const { tuning } = ctx
  const s = run.stamps.get(r.wizard)
  if (s instanceof Error) return noteTickError(run, r, s)
  let dirty = false
  if (r.lastError === 'TIMMY_ERR_DEADMAN_STAMP_DIR') {
    r.lastError = null
    dirty = true
  }
  if (s === null || s === undefined || s === r.stampMtime) return dirty
  const fresh = r.stampMtime === null ? s >= now - w.periodMs - w.graceMs : s > r.stampMtime
  r.stampMtime = s
  if (!fresh) return true
  await tx.beat(r.wizard, now, 'stamp', 'beat', true)
  if (r.lastBeatAt === null || r.lastBeatAt < now) r.lastBeatAt = now
  r.lastBeatSource = 'stamp'
  if (!r.flags.includes('too-often')) {
    const n = await tx.countBeats(r.wizard, now - tuning.tooOften.windowMs)
    if (isTooOften(n, w.periodMs, tuning.tooOften))
      run.deliveries.push(
        await raiseDetector(
          ctx,
          tx,
          r,
          'too-often',
          now,
          `${n} beats in ${secs(tuning.tooOften.windowMs)} s, far more than one per ${secs(w.periodMs)} s: a crash loop?`,
          run.events,
        ),
      )
  }
  return true
}
