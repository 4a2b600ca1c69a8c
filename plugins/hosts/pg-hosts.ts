/**
 * The `hosts` table on PostgreSQL (`store.url`): every host on the server in one table. Its own
 * small pool (node-postgres, as the queue's backend), opened at first use; the table is created on
 * first use under an advisory lock, so hosts starting together do not race.
 */
import pg from 'pg'
import { E } from './errors.js'
import { type HostsStore, type RawHostRow, toHostRow } from './hosts-store.js'

const SCHEMA = `CREATE TABLE IF NOT EXISTS hosts (
  id TEXT PRIMARY KEY, hostname TEXT NOT NULL, pid INTEGER NOT NULL, version TEXT NOT NULL,
  generation INTEGER, wizards TEXT NOT NULL DEFAULT '[]', started_at BIGINT NOT NULL,
  beat_at BIGINT NOT NULL, stopped_at BIGINT, alerted_at BIGINT)`

/** BIGINT columns are epoch ms: read as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export async function openPgHosts(url: string): Promise<HostsStore> {
  const pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true, types })
  pool.on('error', () => {}) // an idle client's lost connection: the pool replaces it
  try {
    const c = await pool.connect()
    try {
      await c.query('BEGIN')
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('timmy_hosts_schema'))`)
      await c.query(SCHEMA)
      await c.query('COMMIT')
    } finally {
      c.release()
    }
  } catch (err) {
    await pool.end().catch(() => {})
    throw E.HOSTS_STORE_UNREACHABLE(
      { url: redact(url), reason: (err as Error).message },
      { cause: err, exitCode: 1 },
    )
  }
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
    close: () => pool.end(),
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparsable url)'
  }
}
