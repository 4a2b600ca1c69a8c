/** Everything a tick decides inside its transaction (records are mutated in place and saved when dirty). */

import { applyStampBeat } from './apply-stamp-beat.js'
import { transition } from './apply-transition.js'
import { clearTooOften } from './clear-too-often.js'
import { decideRecovery } from './decide-recovery.js'
import { evaluateState, type WizardRecord } from './evaluate-state.js'
import { flagStuckRuns, type StuckRun } from './flag-stuck-runs.js'
import { resetAfterHealthy } from './reset-after-healthy.js'
import type { TickRun } from './tick-run.js'

export async function decideTick(run: TickRun): Promise<void> {
  const { ctx, now, tx } = run
  const { tuning, cache } = ctx
  const changed = await tx.changedSince(cache.rev)
  for (const r of changed.records) if (tuning.wizards.has(r.wizard)) cache.records.set(r.wizard, r)
  cache.rev = changed.rev
  const minMaxRun = Math.min(...[...tuning.wizards.values()].map((w) => w.maxRunMs))
  const stuck = new Map<string, StuckRun[]>()
  for (const s of await tx.stuckRuns(now - minMaxRun))
    stuck.set(s.wizard, [...(stuck.get(s.wizard) ?? []), s])
  for (const r of cache.records.values()) await decideWizard(run, r, stuck.get(r.wizard) ?? [])
  await tx.pruneBeats(now - 2 * tuning.tooOften.windowMs)
}

/** One wizard's step of the tick: stamp, state, healthy reset, detectors, recovery; saved when changed. */
async function decideWizard(run: TickRun, r: WizardRecord, stuck: StuckRun[]): Promise<void> {
  const { ctx, now } = run
  const w = ctx.tuning.wizards.get(r.wizard)!
  let dirty = await applyStampBeat(run, r, w)
  const to = evaluateState(r, w, now)
  if (to !== r.state) {
    await transition(run, r, w, to)
    dirty = true
  }
  dirty = (await resetAfterHealthy(run, r)) || dirty
  dirty = (await flagStuckRuns(run, r, w, stuck)) || dirty
  dirty = (await clearTooOften(run, r, w)) || dirty
  dirty = (await decideRecovery(run, r, w)) || dirty
  if (dirty) await run.tx.save(r)
}
