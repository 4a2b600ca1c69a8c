/**
 * Delivery ids already seen (table `gitea_deliveries`), so a redelivered webhook is acknowledged and
 * ignored. Ids arriving in the same turn of the event loop are written in one transaction (a group
 * commit: one WAL commit for many deliveries); each caller learns whether its id was new once that
 * commit is done, before its delivery is acknowledged. Old ids are pruned after `retentionDays`.
 */
import type { Store } from '../store/store.js'

export interface DeliveryLog {
  /** Records the id; resolves false when it was already there (a replay). */
  remember(id: string, event: string): Promise<boolean>
  /** Drop an id whose work item could not be handed on, so a manual redelivery is processed. */
  forget(id: string): void
  count(): number
}

interface Pending {
  id: string
  event: string
  resolve(isNew: boolean): void
  reject(err: unknown): void
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
        return batch.map((p) => insert.run(p.id, p.event, at).changes === 1)
      })
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (err) {
      for (const p of batch) p.reject(err)
    }
  }

  return {
    remember(id, event) {
      return new Promise<boolean>((resolve, reject) => {
        if (pending.push({ id, event, resolve, reject }) === 1) setImmediate(flush)
      })
    },
    forget(id) {
      remove.run(id)
    },
    count: () => (count.get() as { n: number }).n,
  }
}
