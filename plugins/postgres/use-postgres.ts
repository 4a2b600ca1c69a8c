/**
 * Where a plugin keeps its tables: the `postgres` service when `store.url` names a server, else
 * undefined (the host's SQLite store). A host with `store.url` but without the postgres plugin is a
 * coded error rather than a silent fall-back to SQLite, which would split the fleet's tables.
 */
import { E } from '../../core/errors.js'
import type { PluginHost } from '../../core/plugin.js'
import type { PostgresService } from './types.js'

export function usePostgres(
  host: Pick<PluginHost, 'config' | 'maybeUse'>,
  plugin: string,
): PostgresService | undefined {
  const service = host.maybeUse('postgres')
  if (service?.url) return service
  if (host.config.store.url) throw E.SERVICE_MISSING({ plugin, service: 'postgres' })
  return undefined
}
