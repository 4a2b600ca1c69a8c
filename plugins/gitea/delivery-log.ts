/**
 * Delivery ids already seen (table `gitea_deliveries`), so a redelivered webhook is acknowledged and
 * ignored — once fleet-wide when `store.url` puts the table on PostgreSQL; with each id, the sha256 of
 * the signed body, so a captured delivery replayed under a fresh `X-Gitea-Delivery` (the header is not
 * signed) is refused within the replay window. Old ids are pruned after `retentionDays`. The table lives
 * in the host's SQLite store (./sqlite-deliveries.ts) or on the `postgres` service (./pg-deliveries.ts).
 */
import type { PluginHost } from '../../core/plugin.js'
import { usePostgres } from '../postgres/use-postgres.js'

/** `duplicate`: the id was seen; `replay`: the same signed body came within the replay window. */
export type DeliveryVerdict = 'new' | 'duplicate' | 'replay'

export interface DeliveryLog {
  /** Records the id and the body's digest; says whether the delivery is new. */
  remember(id: string, event: string, digest?: string): Promise<DeliveryVerdict>
  /** Drop an id whose work item could not be handed on, so a manual redelivery is processed. */
  forget(id: string): Promise<void>
  count(): Promise<number>
  /** Deliveries this log refused as replays (same body digest, fresh id) since it was opened. */
  replays(): number
}

export interface DeliveryLogOptions {
  retentionDays: number
  replayWindowHours?: number
  now?: () => number
}

/** The log on PostgreSQL when `store.url` is set, else in the host's SQLite store. */
export async function openDeliveryLog(
  host: Pick<PluginHost, 'config' | 'maybeUse' | 'store'>,
  o: DeliveryLogOptions,
): Promise<DeliveryLog> {
  const postgres = usePostgres(host, 'gitea')
  if (postgres) {
    const { openPgDeliveries } = await import('./pg-deliveries.js')
    return openPgDeliveries(postgres, o)
  }
  const { openSqliteDeliveries } = await import('./sqlite-deliveries.js')
  return openSqliteDeliveries(await host.store(), o)
}
