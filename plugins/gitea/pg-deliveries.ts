/**
 * The delivery log on the fleet's PostgreSQL server (`store.url`, through the `postgres` service): one
 * `gitea_deliveries` table for every host, so a delivery Gitea sends to two hosts (or redelivers to
 * another) is applied once. The id is claimed by `INSERT … ON CONFLICT DO NOTHING` (one winner); the
 * replay check runs under a transaction-scoped advisory lock on the body's digest, so the same signed
 * body under two fresh ids on two hosts is new on one and a replay on the other.
 */
import type { PostgresService } from '../postgres/types.js'
import type { DeliveryLog, DeliveryLogOptions, DeliveryVerdict } from './delivery-log.js'

const MIGRATIONS = [
  `CREATE TABLE gitea_deliveries (
     id TEXT PRIMARY KEY, event TEXT NOT NULL, received_at BIGINT NOT NULL, digest TEXT);
   CREATE INDEX gitea_deliveries_received ON gitea_deliveries (received_at);
   CREATE INDEX gitea_deliveries_digest ON gitea_deliveries (digest, received_at)`,
]

export async function openPgDeliveries(pg: PostgresService, o: DeliveryLogOptions): Promise<DeliveryLog> {
  await pg.migrate('gitea', MIGRATIONS)
  const pool = await pg.pool()
  const now = o.now ?? Date.now
  const windowMs = (o.replayWindowHours ?? 24) * 3_600_000
  const keepMs = o.retentionDays * 86_400_000
  const prune = () => pool.query('DELETE FROM gitea_deliveries WHERE received_at < $1', [now() - keepMs])
  await prune()
  let sincePrune = 0
  let replays = 0
  return {
    async remember(id, event, digest) {
      if (++sincePrune >= 1000) {
        sincePrune = 0
        await prune()
      }
      const at = now()
      const verdict = await pg.transaction(async (c): Promise<DeliveryVerdict> => {
        const checkDigest = Boolean(digest) && windowMs > 0
        if (checkDigest)
          await c.query(`SELECT pg_advisory_xact_lock(hashtext('timmy.gitea.digest.' || $1))`, [digest])
        if ((await c.query('SELECT 1 FROM gitea_deliveries WHERE id = $1', [id])).rowCount) return 'duplicate'
        if (
          checkDigest &&
          (
            await c.query('SELECT 1 FROM gitea_deliveries WHERE digest = $1 AND received_at >= $2 LIMIT 1', [
              digest,
              at - windowMs,
            ])
          ).rowCount
        )
          return 'replay'
        const { rowCount } = await c.query(
          `INSERT INTO gitea_deliveries (id, event, received_at, digest) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO NOTHING`,
          [id, event, at, digest ?? null],
        )
        return rowCount === 1 ? 'new' : 'duplicate'
      })
      if (verdict === 'replay') replays++
      return verdict
    },
    async forget(id) {
      await pool.query('DELETE FROM gitea_deliveries WHERE id = $1', [id])
    },
    count: async () =>
      (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM gitea_deliveries')).rows[0]!.n,
    replays: () => replays,
  }
}
