/**
 * The `postgres` service: the one connection pool to the PostgreSQL server `store.url` names, shared
 * by every plugin that keeps its tables there (a fleet's hosts meet on that server), and a migration
 * runner like the SQLite store's. Without `store.url` it is still provided, `url` undefined: consumers
 * keep their tables in the host's SQLite store then, and `pool()` refuses with a coded error.
 */
import type pg from 'pg'
import type { DoctorCheck } from '../../core/doctor-check.js'

export interface PostgresService {
  /** `store.url` with its password hidden, or undefined when the host keeps everything in SQLite. */
  readonly url: string | undefined
  /** The shared pool, opened (and checked) on first use; a coded error when the server cannot be reached. */
  pool(): Promise<pg.Pool>
  /**
   * Bring `module`'s tables to `steps.length`: each step's SQL runs once, in one transaction with its
   * version row, under an advisory lock per module (hosts starting together wait their turn).
   */
  migrate(module: string, steps: readonly string[]): Promise<void>
  /** Run `fn` in a transaction on one client (BEGIN … COMMIT, ROLLBACK on a throw). */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>
  /** A URL with its password (`user:…@` or `?password=…`) replaced by `***`. */
  redact(url: string): string
  /** `timmy doctor`'s line: the server answers (nothing when `store.url` is not set). */
  doctor(): Promise<DoctorCheck[]>
}

declare module '../../core/plugin.js' {
  interface Services {
    postgres: PostgresService
  }
}
