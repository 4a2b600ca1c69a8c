/**
 * The `hosts` table on PostgreSQL (`store.url`): every host on the server in one table, on the shared
 * pool of the `postgres` service; the table is created through `postgres.migrate` (under its advisory
 * lock, so hosts starting together do not race; `IF NOT EXISTS` keeps a table made before that).
 */
import type { PostgresService } from '../postgres/types.js'
import { type HostsStore, type RawHostRow, toHostRow } from './hosts-store.js'

const SCHEMA = `CREATE TABLE IF NOT EXISTS hosts (
  id TEXT PRIMARY KEY, hostname TEXT NOT NULL, pid INTEGER NOT NULL, version TEXT NOT NULL,
  generation INTEGER, wizards TEXT NOT NULL DEFAULT '[]', started_at BIGINT NOT NULL,
  beat_at BIGINT NOT NULL, stopped_at BIGINT, alerted_at BIGINT)`

export async function openPgHosts(postgres: PostgresService): Promise<HostsStore> {
  await postgres.migrate('hosts', [SCHEMA])
  const pool = await postgres.pool()
  const params = (f: Parameters<HostsStore['register']>[0], at: number) => [
    f.id,
    f.hostname,
    f.pid,
    f.version,
    f.generation,
    JSON.stringify(f.wizards),
    at,
  ]
  return {
    kind: 'postgres',
    async register(f, at) {
      await pool.query(
        `INSERT INTO hosts (id, hostname, pid, version, generation, wizards, started_at, beat_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (id) DO UPDATE SET hostname = $2, pid = $3, version = $4, generation = $5, wizards = $6,
           started_at = $7, beat_at = $7, stopped_at = NULL, alerted_at = NULL`,
        params(f, at),
      )
    },
    async beat(f, at) {
      const { rows } = await pool.query<{ cleared: number | null }>(
        `UPDATE hosts h SET hostname = $2, pid = $3, version = $4, generation = $5, wizards = $6, beat_at = $7,
           stopped_at = NULL, alerted_at = NULL
         FROM (SELECT id, alerted_at FROM hosts WHERE id = $1 FOR UPDATE) old
         WHERE h.id = old.id RETURNING old.alerted_at AS cleared`,
        params(f, at),
      )
      return { found: rows.length > 0, clearedAlertAt: rows[0]?.cleared ?? null }
    },
    async stop(id, at) {
      await pool.query('UPDATE hosts SET stopped_at = $2 WHERE id = $1', [id, at])
    },
    list: async () =>
      (await pool.query<RawHostRow>('SELECT * FROM hosts ORDER BY beat_at DESC, id')).rows.map(toHostRow),
    claimAlert: async (id, at, beatBefore) =>
      ((
        await pool.query(
          `UPDATE hosts SET alerted_at = $2
           WHERE id = $1 AND alerted_at IS NULL AND stopped_at IS NULL AND beat_at < $3`,
          [id, at, beatBefore],
        )
      ).rowCount ?? 0) > 0,
    close: async () => {}, // the pool is the postgres service's: it ends it at shutdown
  }
}
