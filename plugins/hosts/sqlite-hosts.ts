/** The `hosts` table in the host's SQLite store (the default): one file, the hosts of one TIMMY_HOME. */
import type { Store } from '../../core/store/store.js'
import { type HostsStore, type RawHostRow, toHostRow } from './hosts-store.js'

const MIGRATIONS = [
  `CREATE TABLE hosts (
    id TEXT PRIMARY KEY, hostname TEXT NOT NULL, pid INTEGER NOT NULL, version TEXT NOT NULL,
    generation INTEGER, wizards TEXT NOT NULL DEFAULT '[]', started_at INTEGER NOT NULL,
    beat_at INTEGER NOT NULL, stopped_at INTEGER, alerted_at INTEGER)`,
]

export function openSqliteHosts(store: Store): HostsStore {
  store.migrate('hosts', MIGRATIONS)
  const { db } = store
  const upsert = db.prepare(
    `INSERT INTO hosts (id, hostname, pid, version, generation, wizards, started_at, beat_at, stopped_at, alerted_at)
     VALUES (@id, @hostname, @pid, @version, @generation, @wizards, @at, @at, NULL, NULL)
     ON CONFLICT (id) DO UPDATE SET hostname = excluded.hostname, pid = excluded.pid, version = excluded.version,
       generation = excluded.generation, wizards = excluded.wizards, started_at = excluded.started_at,
       beat_at = excluded.beat_at, stopped_at = NULL, alerted_at = NULL`,
  )
  const alertOf = db.prepare('SELECT alerted_at FROM hosts WHERE id = ?')
  const beat = db.prepare(
    `UPDATE hosts SET hostname = @hostname, pid = @pid, version = @version, generation = @generation,
       wizards = @wizards, beat_at = @at, stopped_at = NULL, alerted_at = NULL WHERE id = @id`,
  )
  const stop = db.prepare('UPDATE hosts SET stopped_at = ? WHERE id = ?')
  const list = db.prepare('SELECT * FROM hosts ORDER BY beat_at DESC, id')
  const claim = db.prepare(
    `UPDATE hosts SET alerted_at = ? WHERE id = ? AND alerted_at IS NULL AND stopped_at IS NULL AND beat_at < ?`,
  )
  return {
    kind: 'sqlite',
    async register(f, at) {
      upsert.run({ ...f, wizards: JSON.stringify(f.wizards), at })
    },
    async beat(f, at) {
      return store.immediate(() => {
        const before = alertOf.get(f.id) as { alerted_at: number | null } | undefined
        const changed = beat.run({ ...f, wizards: JSON.stringify(f.wizards), at }).changes > 0
        return { found: changed, clearedAlertAt: before?.alerted_at ?? null }
      })
    },
    async stop(id, at) {
      stop.run(at, id)
    },
    list: async () => (list.all() as RawHostRow[]).map(toHostRow),
    claimAlert: async (id, at, beatBefore) => claim.run(at, id, beatBefore).changes > 0,
    async close() {
      // the host closes its store
    },
  }
}
