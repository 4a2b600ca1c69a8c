/** A wizard's status as the service reports it: state now, restarts in the window, when the next restart may run. */
import type { DeadmanScope } from './deadman-scope.js'
import { evaluateState, type WizardRecord } from './evaluate-state.js'
import type { Tuning } from './options.js'
import { nextRestartAt } from './plan-recovery.js'
import type { WizardState, WizardStatus } from './types.js'

/**
 * The status of record `r` given its restarts in the window. A wizard another host runs (PostgreSQL)
 * shows the state its host's deadman last decided, and that host's id.
 */
export function statusOf(tuning: Tuning, r: WizardRecord, restarts: number, now: number): WizardStatus {
  const w = tuning.wizards.get(r.wizard)
  const state: WizardState = w ? evaluateState(r, w, now) : r.state
  const blocked = r.active || restarts >= tuning.maxRetries
  return {
    wizard: r.wizard,
    state,
    stateSince: state === r.state ? r.stateSince : now,
    lastBeatAt: r.lastBeatAt,
    lastBeatSource: r.lastBeatSource,
    restartsInWindow: restarts,
    maxRetries: tuning.maxRetries,
    nextRestartAt: !w || blocked || r.streak === 0 ? null : nextRestartAt(r, w, tuning),
    active: r.active,
    paused: r.paused,
    flags: r.flags,
    incident: r.incident,
    lastError: r.lastError,
    ...(r.owner === undefined ? {} : { host: r.owner }),
  }
}

/**
 * Every wizard's status (the store must be ready): this host's configured wizards, and on PostgreSQL
 * also every other host's (one view of the fleet).
 */
export async function statusAll(scope: DeadmanScope, now: number): Promise<WizardStatus[]> {
  const ds = scope.ds!
  const counts = await ds.restartCounts(scope.tuning.windowMs, now)
  const records =
    ds.kind === 'postgres'
      ? (await ds.load()).filter((r) => scope.names.has(r.wizard) || r.owner !== ds.owner)
      : await ds.load(scope.names)
  return records.map((r) => statusOf(scope.tuning, r, counts.get(r.wizard) ?? 0, now))
}

/** The stored status of one wizard (the store must be ready). */
export async function statusOne(scope: DeadmanScope, wizard: string, now: number): Promise<WizardStatus> {
  const ds = scope.ds!
  const r = (await ds.get(wizard))!
  return statusOf(scope.tuning, r, await ds.restartsInWindow(r, scope.tuning.windowMs, now), now)
}
