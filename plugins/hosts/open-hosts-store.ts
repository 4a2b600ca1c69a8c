/** The `hosts` table where the queue lives: PostgreSQL when `store.url` is set, else the host's SQLite store. */
import type { PluginHost } from '../../core/plugin.js'
import type { HostsStore } from './hosts-store.js'

export async function openHostsStore(host: Pick<PluginHost, 'config' | 'store'>): Promise<HostsStore> {
  const url = host.config.store.url
  if (url) {
    const { openPgHosts } = await import('./pg-hosts.js')
    return openPgHosts(url)
  }
  const { openSqliteHosts } = await import('./sqlite-hosts.js')
  return openSqliteHosts(await host.store())
}
