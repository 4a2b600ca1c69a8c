/** The `heartbeat` task: a beat for every agent that is alive, a Gitea check, then a tick. */
import { isAlive } from './check-alive.js'
import type { DeadmanScope } from './deadman-scope.js'
import { readyStore } from './ready-store.js'
import type { DeadmanService } from './types.js'

export async function runHeartbeat(
  scope: DeadmanScope,
  service: Pick<DeadmanService, 'beat' | 'tick'>,
  now: number,
): ReturnType<DeadmanService['heartbeat']> {
  await readyStore(scope, now)
  for (const w of scope.tuning.wizards.values()) {
    if (await isAlive(w, scope.tuning.commandTimeoutMs, scope.deps.childEnv))
      await service.beat(w.name, { at: now, source: 'check', kind: 'activity' })
  }
  const gitea = await scope.giteaWatch.check(now)
  const report = await service.tick(now)
  return gitea ? { ...report, gitea } : report
}
