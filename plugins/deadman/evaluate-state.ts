/**
 * The pure state machine: what state a wizard is in at `now`, from its last beat and its timings.
 * No I/O: `tick` loads records, calls `evaluateAll`, and writes back what changed.
 */
import type { WizardTuning } from './options.js'
import type { WizardState } from './types.js'

/** A wizard's stored record (one row of `deadman_wizards`). */
export interface WizardRecord {
  wizard: string
  /** When deadman started watching: first seen, or the last resume or reset. */
  watchSince: number
  state: WizardState
  stateSince: number
  lastBeatAt: number | null
  lastBeatSource: string | null
  upSince: number | null
  paused: boolean
  active: boolean
  /** Restarts in the current backoff streak (reset after a healthy period). */
  streak: number
  lastRestartAt: number | null
  incident: number | null
  incidentRestarts: number
  incidentRolledBack: boolean
  stampMtime: number | null
  flags: string[]
  lastError: string | null
  /** Restarts before this instant do not count against maxRetries (set by `reset`). */
  resetAt: number
  /** The host that runs it (PostgreSQL rows; absent on SQLite, where every row is this host's). */
  owner?: string
}

export type Timing = Pick<WizardTuning, 'periodMs' | 'graceMs' | 'startGraceMs'>

export function evaluateState(r: WizardRecord, t: Timing, now: number): WizardState {
  if (r.paused) return 'paused'
  // Never beat since deadman started watching (first seen, resumed or reset): the start grace applies.
  if (r.lastBeatAt === null || r.lastBeatAt < r.watchSince)
    return now - r.watchSince > t.periodMs + t.startGraceMs ? 'down' : 'new'
  const age = now - r.lastBeatAt
  if (age <= t.periodMs) return 'up'
  if (age <= t.periodMs + t.graceMs) return 'late'
  return 'down'
}

export interface StateChange {
  index: number
  from: WizardState
  to: WizardState
}

/**
 * Evaluate every record; return the ones whose state changed (the hot loop of a tick).
 * `timingOf` gives each record's timings (a per-wizard lookup, or one shared object).
 */
export function evaluateAll(
  records: readonly WizardRecord[],
  timingOf: (r: WizardRecord) => Timing,
  now: number,
): StateChange[] {
  const changes: StateChange[] = []
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!
    const to = evaluateState(r, timingOf(r), now)
    if (to !== r.state) changes.push({ index: i, from: r.state, to })
  }
  return changes
}
