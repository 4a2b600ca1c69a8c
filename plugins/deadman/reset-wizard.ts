/** An operator's reset: close the incident and open runs, clear restart history, backoff and deadman_active. */
import type { DeadmanScope } from './deadman-scope.js'
import type { WizardStatus } from './types.js'
import { statusOne } from './wizard-status.js'

/** The store must be ready. */
export async function resetWizard(scope: DeadmanScope, wizard: string, now: number): Promise<WizardStatus> {
  const ds = scope.ds!
  await ds.transaction(async (tx) => {
    const r = (await tx.get(wizard))!
    if (r.incident !== null) await tx.closeIncident(r.incident, now)
    await tx.closeRuns(wizard, now)
    Object.assign(r, {
      active: false,
      streak: 0,
      lastRestartAt: null,
      incident: null,
      incidentRestarts: 0,
      incidentRolledBack: false,
      flags: [],
      lastError: null,
      resetAt: now,
      watchSince: now,
    })
    await tx.transition({ wizard, at: now, from: r.state, to: r.state, reason: 'reset by an operator' })
    await tx.save(r)
  })
  scope.log.info({ wizard }, 'deadman reset: restart history, backoff and deadman_active cleared')
  return statusOne(scope, wizard, now)
}
