/** The rollout store where the queue is: the `postgres` service's server with `store.url`, else SQLite. */
import type { PluginHost } from '../../../core/plugin.js'
import type { RolloutStore } from './rollout-store.js'

export async function openRollouts(
  host: Pick<PluginHost, 'config' | 'store' | 'maybeUse'>,
): Promise<RolloutStore> {
  const postgres = host.maybeUse('postgres')
  if (host.config.store.url && postgres?.url)
    return (await import('./pg-rollouts.js')).openPgRollouts(postgres)
  return (await import('./sqlite-rollouts.js')).openSqliteRollouts(await host.store())
}
