/**
 * The delivery log in the host's SQLite store (table `gitea_deliveries`). Ids arriving in the same turn
 * of the event loop are written in one transaction (a group commit: one WAL commit for many
 * deliveries); each caller learns whether its id was new once that commit is done, before its delivery
 * is acknowledged. Old ids are pruned after `retentionDays`.
 */
import type { Store } from '../../core/store/store.js'
import type { DeliveryLog, DeliveryLogOptions, DeliveryVerdict } from './delivery-log.js'

interface Pending {
  id: string
  event: string
  digest: string | null
  resolve(verdict: DeliveryVerdict): void
  reject(err: unknown): void
}

export function openSqliteDeliveries(store: Store, o: DeliveryLogOptions): DeliveryLog {
  store.migrate('gitea', [
    `CREATE TABLE gitea_deliveries (
       id TEXT PRIMARY KEY,
       event TEXT NOT NULL,
       received_at INTEGER NOT NULL
     ) WITHOUT ROWID`,
    'CREATE INDEX gitea_deliveries_received ON gitea_deliveries (received_at)',
    'ALTER TABLE gitea_deliveries ADD COLUMN digest TEXT',
    'CREATE INDEX gitea_deliveries_digest ON gitea_deliveries (digest, received_at)',
  ])
  const now = o.now ?? Date.now
  const insert = store.db.prepare(
    'INSERT OR IGNORE INTO gitea_deliveries (id, event, received_at, digest) VALUES (?, ?, ?, ?)',
  )
  const seenId = store.db.prepare('SELECT 1 FROM gitea_deliveries WHERE id = ?')
  const seenDigest = store.db.prepare(
    'SELECT 1 FROM gitea_deliveries WHERE digest = ? AND received_at >= ? LIMIT 1',
  )
  const windowMs = (o.replayWindowHours ?? 24) * 3_600_000
  let replays = 0
  const prune = store.db.prepare('DELETE FROM gitea_deliveries WHERE received_at < ?')
  const count = store.db.prepare('SELECT count(*) AS n FROM gitea_deliveries')
  const remove = store.db.prepare('DELETE FROM gitea_deliveries WHERE id = ?')
  const keepMs = o.retentionDays * 86_400_000
  prune.run(now() - keepMs)
  let sincePrune = 0
  let pending: Pending[] = []

  const flush = () => {
    const batch = pending
    pending = []
    try {
      const at = now()
      const results = store.immediate(() => {
        sincePrune += batch.length
        if (sincePrune >= 1000) {
          sincePrune = 0
          prune.run(at - keepMs)
        }
        return batch.map((p): DeliveryVerdict => {
          if (seenId.get(p.id)) return 'duplicate'
          if (p.digest && windowMs > 0 && seenDigest.get(p.digest, at - windowMs)) return 'replay'
          return insert.run(p.id, p.event, at, p.digest).changes === 1 ? 'new' : 'duplicate'
        })
      })
      replays += results.filter((r) => r === 'replay').length
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (err) {
      for (const p of batch) p.reject(err)
    }
  }

  return {
    remember(id, event, digest) {
      return new Promise<DeliveryVerdict>((resolve, reject) => {
        if (pending.push({ id, event, digest: digest ?? null, resolve, reject }) === 1) setImmediate(flush)
      })
    },
    async forget(id) {
      remove.run(id)
    },
    count: async () => (count.get() as { n: number }).n,
    replays: () => replays,
  }
}
