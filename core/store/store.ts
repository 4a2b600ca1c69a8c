/**
 * The store: one SQLite file (better-sqlite3 12.x) in WAL mode with a busy timeout, so concurrent
 * readers and one writer never see "database is locked". Each module owns its tables and migrates
 * them with `store.migrate(module, steps)`; versions are kept in `timmy_migrations`.
 * Opened lazily by the host: commands that need no store never open it.
 */
import { accessSync, chmodSync, constants, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { E, reasonOf, TimmyError } from '../errors.js'

export type Database = BetterSqlite3.Database

/** A migration step: SQL text, or a function run inside the migration's transaction. */
export type Migration = string | ((db: Database) => void)

export interface StoreOptions {
  busyTimeoutMs?: number
  synchronous?: 'OFF' | 'NORMAL' | 'FULL'
  readonly?: boolean
}

export interface Store {
  readonly path: string
  readonly db: Database
  /** Bring `module`'s tables to `steps.length`; each step runs once, in its own transaction. */
  migrate(module: string, steps: readonly Migration[]): void
  /** Run `fn` in a `BEGIN IMMEDIATE` transaction (takes the write lock up front; waits up to the busy timeout). */
  immediate<T>(fn: () => T): T
  /** A quick integrity and writability check for `timmy doctor`. */
  health(): { ok: boolean; journalMode: string; integrity: string; sizeBytes: number }
  close(): void
}

export async function openStore(path: string, options: StoreOptions = {}): Promise<Store> {
  const { default: Sqlite } = await import('better-sqlite3')
  return openStoreSync(Sqlite, path, options)
}

export function openStoreSync(Sqlite: typeof BetterSqlite3, path: string, options: StoreOptions = {}): Store {
  const memory = path === ':memory:'
  if (!memory) {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    } catch (err) {
      throw E.STORE_OPEN_FAILED({ path, reason: reasonOf(err) })
    }
    if (!options.readonly && existsSync(path)) {
      try {
        accessSync(path, constants.W_OK)
      } catch {
        throw E.STORE_READ_ONLY({ path })
      }
    }
  }
  let db: Database
  try {
    db = new Sqlite(path, { timeout: options.busyTimeoutMs ?? 5000, readonly: options.readonly ?? false })
    if (!options.readonly) db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
    db.pragma('foreign_keys = ON')
    // Touch the schema now so a corrupt or non-SQLite file fails at start, not later.
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    // The store holds the ledger and provenance: private to the user running timmy.
    if (!memory && !options.readonly)
      for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
  } catch (err) {
    const reason = reasonOf(err)
    if (/not a database|malformed|corrupt/i.test(reason))
      throw E.STORE_CORRUPT({ path, reason }, { cause: err })
    if (/readonly|read-only/i.test(reason)) throw E.STORE_READ_ONLY({ path }, { cause: err })
    throw E.STORE_OPEN_FAILED({ path, reason }, { cause: err })
  }
  if (!options.readonly) {
    db.exec(`CREATE TABLE IF NOT EXISTS timmy_migrations (
      module TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at TEXT NOT NULL)`)
  }

  const immediate = <T>(fn: () => T): T => db.transaction(fn).immediate()

  return {
    path,
    db,
    immediate,
    migrate(module, steps) {
      const version = () =>
        (
          db.prepare('SELECT version FROM timmy_migrations WHERE module = ?').get(module) as
            | { version: number }
            | undefined
        )?.version ?? 0
      const have = version()
      if (have > steps.length) throw E.STORE_TOO_NEW({ module, have, know: steps.length })
      for (let v = have; v < steps.length; v++) {
        try {
          immediate(() => {
            // Read again under the write lock: another process starting at the same time may have migrated.
            if (version() > v) return
            const step = steps[v]!
            if (typeof step === 'string') db.exec(step)
            else step(db)
            db.prepare(
              `INSERT INTO timmy_migrations (module, version, applied_at) VALUES (?, ?, ?)
               ON CONFLICT(module) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at`,
            ).run(module, v + 1, new Date().toISOString())
          })
        } catch (err) {
          if (err instanceof TimmyError) throw err
          throw E.STORE_MIGRATION_FAILED({ module, version: v + 1, reason: reasonOf(err) }, { cause: err })
        }
      }
    },
    health() {
      const journalMode = String(db.pragma('journal_mode', { simple: true }))
      const integrity = String(db.pragma('quick_check', { simple: true }))
      const pageCount = Number(db.pragma('page_count', { simple: true }))
      const pageSize = Number(db.pragma('page_size', { simple: true }))
      return { ok: integrity === 'ok', journalMode, integrity, sizeBytes: pageCount * pageSize }
    },
    close() {
      if (db.open) db.close()
    },
  }
}
