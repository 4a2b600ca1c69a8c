/** Everything a tick decides inside its transaction (records are mutated in place and saved when dirty). */

import { applyStampBeat } from './apply-stamp-beat.js'
import { transition } from './apply-transition.js'
import { clearTooOften } from './clear-too-often.js'
import { decideRecovery } from './decide-recovery.js'
import { evaluateState, type WizardRecord } from './evaluate-state.js'
import { flagStuckRuns, type StuckRun } from './flag-stuck-runs.js'
import { resetAfterHealthy } from './reset-after-healthy.js'
import type { TickRun } from './tick-run.js'

export function decideTick(run: TickRun): void {
  const { ctx, now } = run
  const { ds, tuning, cache } = ctx
  const changed = ds.changedSince(cache.rev)
  for (const r of changed.records) if (tuning.wizards.has(r.wizard)) cache.records.set(r.wizard, r)
  cache.rev = changed.rev
  const minMaxRun = Math.min(...[...tuning.wizards.values()].map((w) => w.maxRunMs))
  const stuck = new Map<string, StuckRun[]>()
  for (const s of ds.stuckRuns(now - minMaxRun)) stuck.set(s.wizard, [...(stuck.get(s.wizard) ?? []), s])
  for (const r of cache.records.values()) decideWizard(run, r, stuck.get(r.wizard) ?? [])
  ds.pruneBeats(now - 2 * tuning.tooOften.windowMs)
}

/** One wizard's step of the tick: stamp, state, healthy reset, detectors, recovery; saved when changed. */
function decideWizard(run: TickRun, r: WizardRecord, stuck: StuckRun[]): void {
  const { ctx, now } = run
  const w = ctx.tuning.wizards.get(r.wizard)!
  let dirty = applyStampBeat(run, r, w)
  const to = evaluateState(r, w, now)
  if (to !== r.state) {
    transition(ctx, r, w, to, now, run.report, run.events)
    dirty = true
  }
  dirty = resetAfterHealthy(run, r) || dirty
  dirty = flagStuckRuns(run, r, w, stuck) || dirty
  dirty = clearTooOften(run, r, w) || dirty
  dirty = decideRecovery(run, r, w) || dirty
  if (dirty) ctx.ds.save(r)
}
