/** A healthy period closes the incident and resets the backoff (Kubernetes does; systemd does not). */
import type { WizardRecord } from './evaluate-state.js'
import type { TickRun } from './tick-run.js'

/** Returns whether `r` changed. */
export async function resetAfterHealthy(run: TickRun, r: WizardRecord): Promise<boolean> {
  const { ctx, now } = run
  if (r.state !== 'up' || r.upSince === null || now - r.upSince < ctx.tuning.healthyResetMs) return false
  if (!(r.streak > 0 || r.incident !== null)) return false
  if (r.incident !== null) await run.tx.closeIncident(r.incident, now)
  Object.assign(r, { streak: 0, incident: null, incidentRestarts: 0, incidentRolledBack: false })
  ctx.log.info({ wizard: r.wizard }, 'deadman: healthy period reached, backoff reset and incident closed')
  return true
}
