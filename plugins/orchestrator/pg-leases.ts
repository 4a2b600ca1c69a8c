/**
 * The orchestrator's leases on the fleet's PostgreSQL server: acquire is one compare-and-swap
 * statement (`INSERT … ON CONFLICT DO UPDATE … WHERE` the held lease has expired), so of two hosts
 * racing exactly one gets a row back; renew and release match the token.
 */
import { randomUUID } from 'node:crypto'
import type { PostgresService } from '../postgres/types.js'
import type { Acquired, LeaseInfo, Leases } from './lease.js'

const MIGRATIONS = [
  `CREATE TABLE orchestrator_leases (
     name TEXT PRIMARY KEY, holder TEXT NOT NULL, token TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
]

export async function openPgLeases(pg: PostgresService): Promise<Leases> {
  await pg.migrate('orchestrator', MIGRATIONS)
  const pool = await pg.pool()
  const acquire = async (
    name: string,
    holder: string,
    ttlMs: number,
    now = Date.now(),
  ): Promise<Acquired> => {
    const lease: LeaseInfo = { name, holder, token: randomUUID(), expiresAt: now + ttlMs }
    for (;;) {
      const took = await pool.query(
        `INSERT INTO orchestrator_leases AS l (name, holder, token, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = excluded.token, expires_at = excluded.expires_at
         WHERE l.expires_at <= $5 RETURNING token`,
        [name, holder, lease.token, lease.expiresAt, now],
      )
      if (took.rowCount === 1) return { ok: true, lease }
      const { rows } = await pool.query<LeaseInfo>(
        'SELECT name, holder, token, expires_at AS "expiresAt" FROM orchestrator_leases WHERE name = $1',
        [name],
      )
      if (rows[0]) return { ok: false, heldBy: rows[0] }
      // released between the two statements: try again
    }
  }
  return {
    acquire,
    async renew(lease, ttlMs, now = Date.now()) {
      const { rowCount } = await pool.query(
        'UPDATE orchestrator_leases SET expires_at = $1 WHERE name = $2 AND token = $3 AND expires_at > $4',
        [now + ttlMs, lease.name, lease.token, now],
      )
      if (rowCount === 1) lease.expiresAt = now + ttlMs
      return rowCount === 1
    },
    async release(lease) {
      await pool.query('DELETE FROM orchestrator_leases WHERE name = $1 AND token = $2', [
        lease.name,
        lease.token,
      ])
    },
  }
}
