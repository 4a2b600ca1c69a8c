/** A wizard's status as the service reports it: state now, restarts in the window, when the next restart may run. */
import type { DeadmanScope } from './deadman-scope.js'
import { evaluateState, type WizardRecord } from './evaluate-state.js'
import type { Tuning } from './options.js'
import { nextRestartAt } from './plan-recovery.js'
import type { WizardState, WizardStatus } from './types.js'

/** The status of record `r` given its restarts in the window. */
export function statusOf(tuning: Tuning, r: WizardRecord, restarts: number, now: number): WizardStatus {
  const w = tuning.wizards.get(r.wizard)!
  const state: WizardState = evaluateState(r, w, now)
  const blocked = r.active || restarts >= tuning.maxRetries
  return {
    wizard: r.wizard,
    state,
    stateSince: state === r.state ? r.stateSince : now,
    lastBeatAt: r.lastBeatAt,
    lastBeatSource: r.lastBeatSource,
    restartsInWindow: restarts,
    maxRetries: tuning.maxRetries,
    nextRestartAt: blocked || r.streak === 0 ? null : nextRestartAt(r, w, tuning),
    active: r.active,
    paused: r.paused,
    flags: r.flags,
    incident: r.incident,
    lastError: r.lastError,
  }
}

/** The stored status of one wizard (the store must be ready). */
export function statusOne(scope: DeadmanScope, wizard: string, now: number): WizardStatus {
  const ds = scope.ds!
  const r = ds.get(wizard)!
  return statusOf(scope.tuning, r, ds.restartsInWindow(r, scope.tuning.windowMs, now), now)
}
