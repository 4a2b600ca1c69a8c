/** The `hosts` table: on the `postgres` service when `store.url` is set, else in the host's SQLite store. */
import type { PluginHost } from '../../core/plugin.js'
import { usePostgres } from '../postgres/use-postgres.js'
import type { HostsStore } from './hosts-store.js'

export async function openHostsStore(
  host: Pick<PluginHost, 'config' | 'maybeUse' | 'store'>,
): Promise<HostsStore> {
  const postgres = usePostgres(host, 'hosts')
  if (postgres) {
    const { openPgHosts } = await import('./pg-hosts.js')
    return openPgHosts(postgres)
  }
  const { openSqliteHosts } = await import('./sqlite-hosts.js')
  return openSqliteHosts(await host.store())
}
