/** The `heartbeat_heavy` task: run each wizard's model probe; a pass is a beat, a failure a warning. */

import { probeWizard } from './check-alive.js'
import type { DeadmanScope } from './deadman-scope.js'
import { E } from './errors.js'
import { readyStore } from './ready-store.js'
import type { DeadmanService } from './types.js'

export async function runHeavyHeartbeat(
  scope: DeadmanScope,
  service: Pick<DeadmanService, 'beat'>,
  now: number,
): ReturnType<DeadmanService['heartbeatHeavy']> {
  const ds = await readyStore(scope, now)
  const out: { wizard: string; ok: boolean; code?: string }[] = []
  for (const w of scope.tuning.wizards.values()) {
    if (!w.probe) continue
    const res = await probeWizard(w, scope.tuning.commandTimeoutMs, scope.deps.childEnv)
    const ok = res.code === 0
    await ds.action(
      w.name,
      now,
      'probe',
      false,
      ok ? 'ok' : 'failed',
      { argv: w.probe, code: res.code },
      null,
    )
    if (ok) await service.beat(w.name, { at: now, source: 'probe', kind: 'activity' })
    else {
      const err = E.DEADMAN_PROBE_FAILED({
        wizard: w.name,
        command: w.probe.join(' '),
        reason: res.notFound ? 'the command does not exist' : `exit code ${res.code}`,
      })
      scope.log.warn({ code: err.code, wizard: w.name }, err.bare)
    }
    out.push({ wizard: w.name, ok, ...(ok ? {} : { code: 'TIMMY_ERR_DEADMAN_PROBE_FAILED' }) })
  }
  return out
}
