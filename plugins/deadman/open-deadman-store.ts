/**
 * Where deadman's tables live, decided at first use: PostgreSQL when the `postgres` service has a
 * `url` (`store.url`), else the host's SQLite store.
 */
import type { DeadmanDeps } from './create-deadman.js'
import type { DeadmanStore } from './deadman-store.js'

export async function openDeadmanStore(deps: DeadmanDeps): Promise<DeadmanStore> {
  const owner = deps.hostId?.() ?? 'local'
  const postgres = deps.postgres?.()
  if (postgres?.url) {
    const { openPgDeadman } = await import('./store/pg-deadman.js')
    return openPgDeadman(postgres, owner)
  }
  const { openSqliteDeadman } = await import('./store/sqlite-deadman.js')
  return openSqliteDeadman(await deps.store(), owner)
}
