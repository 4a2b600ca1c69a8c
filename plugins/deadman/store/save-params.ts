import type { WizardRecord } from '../evaluate-state.js'

/** A WizardRecord as the named parameters of the save statement. */
export const saveParams = (r: WizardRecord) => ({
  wizard: r.wizard,
  state: r.state,
  stateSince: r.stateSince,
  watchSince: r.watchSince,
  upSince: r.upSince,
  paused: r.paused ? 1 : 0,
  active: r.active ? 1 : 0,
  streak: r.streak,
  lastRestartAt: r.lastRestartAt,
  incident: r.incident,
  incidentRestarts: r.incidentRestarts,
  incidentRolledBack: r.incidentRolledBack ? 1 : 0,
  stampMtime: r.stampMtime,
  flags: JSON.stringify(r.flags),
  lastError: r.lastError,
  resetAt: r.resetAt,
})
