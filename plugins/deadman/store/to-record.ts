import type { WizardRecord } from '../evaluate-state.js'
import type { ActionRecord, WizardState } from '../types.js'

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>

/** A deadman_wizards row as a WizardRecord. */
export const toRecord = (r: Row): WizardRecord => ({
  wizard: r.wizard as string,
  watchSince: r.watch_since as number,
  state: r.state as WizardState,
  stateSince: r.state_since as number,
  lastBeatAt: (r.last_beat_at as number | null) ?? null,
  lastBeatSource: (r.last_beat_source as string | null) ?? null,
  upSince: (r.up_since as number | null) ?? null,
  paused: r.paused === 1,
  active: r.active === 1,
  streak: r.streak as number,
  lastRestartAt: (r.last_restart_at as number | null) ?? null,
  incident: (r.incident as number | null) ?? null,
  incidentRestarts: r.incident_restarts as number,
  incidentRolledBack: r.incident_rolled_back === 1,
  stampMtime: (r.stamp_mtime as number | null) ?? null,
  flags: JSON.parse(r.flags as string) as string[],
  lastError: (r.last_error as string | null) ?? null,
  resetAt: r.reset_at as number,
})

/** A deadman_actions row as an ActionRecord. */
export const toAction = (r: Row): ActionRecord => ({
  id: r.id as number,
  wizard: r.wizard as string,
  at: r.at as number,
  kind: r.kind as ActionRecord['kind'],
  dryRun: r.dry_run === 1,
  outcome: r.outcome as ActionRecord['outcome'],
  detail: JSON.parse(r.detail as string) as Record<string, unknown>,
  incident: (r.incident as number | null) ?? null,
})
