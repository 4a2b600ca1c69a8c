/** Fire the `heartbeat` hook once per event, in order. */
import type { HeartbeatEvent } from '../../core/hooks.js'
import type { DeadmanScope } from './deadman-scope.js'

export async function fireHeartbeats(scope: DeadmanScope, events: HeartbeatEvent[]): Promise<void> {
  for (const e of events) await scope.deps.hooks.heartbeat.promise(e)
}
