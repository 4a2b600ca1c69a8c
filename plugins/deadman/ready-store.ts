/** Open the deadman tables on first use (once, however many calls wait) and make sure every configured wizard has a row. */
import type { DeadmanScope } from './deadman-scope.js'
import type { DeadmanStore } from './deadman-store.js'
import { openDeadmanStore } from './open-deadman-store.js'

export async function readyStore(scope: DeadmanScope, now: number): Promise<DeadmanStore> {
  if (scope.ds) return scope.ds
  scope.opening ??= (async () => {
    const ds = await openDeadmanStore(scope.deps)
    await ds.ensure([...scope.names].sort(), now)
    return ds
  })()
  try {
    scope.ds = await scope.opening
  } catch (err) {
    scope.opening = undefined // an unreachable server is tried again at the next call
    throw err
  }
  return scope.ds
}
