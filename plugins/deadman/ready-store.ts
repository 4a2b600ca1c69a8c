/** Open the deadman tables on first use and make sure every configured wizard has a row. */
import type { DeadmanScope } from './deadman-scope.js'
import { type DeadmanStore, openDeadmanStore } from './deadman-store.js'

export async function readyStore(scope: DeadmanScope, now: number): Promise<DeadmanStore> {
  if (!scope.ds) {
    scope.ds = openDeadmanStore(await scope.deps.store())
    scope.ds.ensure([...scope.names], now)
  }
  return scope.ds
}
