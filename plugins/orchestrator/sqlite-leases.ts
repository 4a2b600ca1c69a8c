/** The orchestrator's leases in the host's SQLite store: acquire is one IMMEDIATE transaction. */
import { randomUUID } from 'node:crypto'
import type { Store } from '../../core/store/store.js'
import type { LeaseInfo, Leases } from './lease.js'

export function openSqliteLeases(store: Store): Leases {
  store.migrate('orchestrator', [
    `CREATE TABLE orchestrator_leases (
       name TEXT PRIMARY KEY, holder TEXT NOT NULL, token TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
  ])
  const read = store.db.prepare(
    'SELECT name, holder, token, expires_at AS expiresAt FROM orchestrator_leases WHERE name = ?',
  )
  const write = store.db.prepare(
    `INSERT INTO orchestrator_leases (name, holder, token, expires_at) VALUES (@name, @holder, @token, @expiresAt)
     ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, token = excluded.token, expires_at = excluded.expires_at`,
  )
  const extend = store.db.prepare(
    'UPDATE orchestrator_leases SET expires_at = ? WHERE name = ? AND token = ? AND expires_at > ?',
  )
  const drop = store.db.prepare('DELETE FROM orchestrator_leases WHERE name = ? AND token = ?')
  return {
    async acquire(name, holder, ttlMs, now = Date.now()) {
      return store.immediate(() => {
        const row = read.get(name) as LeaseInfo | undefined
        if (row && row.expiresAt > now) return { ok: false as const, heldBy: row }
        const lease: LeaseInfo = { name, holder, token: randomUUID(), expiresAt: now + ttlMs }
        write.run(lease)
        return { ok: true as const, lease }
      })
    },
    async renew(lease, ttlMs, now = Date.now()) {
      const changed = extend.run(now + ttlMs, lease.name, lease.token, now).changes === 1
      if (changed) lease.expiresAt = now + ttlMs
      return changed
    },
    async release(lease) {
      drop.run(lease.name, lease.token)
    },
  }
}
