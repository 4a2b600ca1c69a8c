/**
 * A named lease in the store: at most one holder at a time, across processes and hosts sharing the
 * store. The holder renews it while alive; when it stops renewing, the lease expires and another
 * process may take it. Renewal and release are compare-and-swap on a token, so a holder that lost the
 * lease cannot extend or drop the new holder's.
 */
import { randomUUID } from 'node:crypto'
import type { Store } from '../../core/store/store.js'

export interface LeaseInfo {
  name: string
  holder: string
  token: string
  expiresAt: number
}

export type Acquired = { ok: true; lease: LeaseInfo } | { ok: false; heldBy: LeaseInfo }

export function migrateLeases(store: Store): void {
  store.migrate('orchestrator', [
    `CREATE TABLE orchestrator_leases (
       name TEXT PRIMARY KEY, holder TEXT NOT NULL, token TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
  ])
}

export function acquireLease(
  store: Store,
  name: string,
  holder: string,
  ttlMs: number,
  now = Date.now(),
): Acquired {
  return store.immediate(() => {
    const row = store.db
      .prepare('SELECT name, holder, token, expires_at AS expiresAt FROM orchestrator_leases WHERE name = ?')
      .get(name) as LeaseInfo | undefined
    if (row && row.expiresAt > now) return { ok: false as const, heldBy: row }
    const lease: LeaseInfo = { name, holder, token: randomUUID(), expiresAt: now + ttlMs }
    store.db
      .prepare(
        `INSERT INTO orchestrator_leases (name, holder, token, expires_at) VALUES (@name, @holder, @token, @expiresAt)
         ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, token = excluded.token, expires_at = excluded.expires_at`,
      )
      .run(lease)
    return { ok: true as const, lease }
  })
}

/** Extend the lease; false if it was lost (expired and taken, or released). */
export function renewLease(store: Store, lease: LeaseInfo, ttlMs: number, now = Date.now()): boolean {
  const res = store.db
    .prepare('UPDATE orchestrator_leases SET expires_at = ? WHERE name = ? AND token = ? AND expires_at > ?')
    .run(now + ttlMs, lease.name, lease.token, now)
  if (res.changes === 1) lease.expiresAt = now + ttlMs
  return res.changes === 1
}

export function releaseLease(store: Store, lease: LeaseInfo): void {
  store.db
    .prepare('DELETE FROM orchestrator_leases WHERE name = ? AND token = ?')
    .run(lease.name, lease.token)
}
