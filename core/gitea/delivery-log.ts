/**
 * Delivery ids already seen (table `gitea_deliveries`), so a redelivered webhook is acknowledged and
 * ignored. Old ids are pruned after `retentionDays`.
 */
import type { Store } from '../store/store.js'

export interface DeliveryLog {
  /** Records the id; false when it was already there (a replay). */
  remember(id: string, event: string): boolean
  count(): number
}

export function openDeliveryLog(store: Store, o: { retentionDays: number; now?: () => number }): DeliveryLog {
  store.migrate('gitea', [
    `CREATE TABLE gitea_deliveries (
       id TEXT PRIMARY KEY,
       event TEXT NOT NULL,
       received_at INTEGER NOT NULL
     ) WITHOUT ROWID`,
    'CREATE INDEX gitea_deliveries_received ON gitea_deliveries (received_at)',
  ])
  const now = o.now ?? Date.now
  const insert = store.db.prepare(
    'INSERT OR IGNORE INTO gitea_deliveries (id, event, received_at) VALUES (?, ?, ?)',
  )
  const prune = store.db.prepare('DELETE FROM gitea_deliveries WHERE received_at < ?')
  const count = store.db.prepare('SELECT count(*) AS n FROM gitea_deliveries')
  const keepMs = o.retentionDays * 86_400_000
  prune.run(now() - keepMs)
  let sincePrune = 0
  return {
    remember(id, event) {
      if (++sincePrune >= 1000) {
        sincePrune = 0
        prune.run(now() - keepMs)
      }
      return insert.run(id, event, now()).changes === 1
    },
    count: () => (count.get() as { n: number }).n,
  }
}
