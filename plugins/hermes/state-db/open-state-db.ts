/**
 * Open Hermes' `$HERMES_HOME/state.db` read-only (`readonly`, `fileMustExist`): timmy never creates,
 * writes or alters it. Hermes writes with `BEGIN IMMEDIATE`, so readers meet SQLITE_BUSY/LOCKED.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { reasonOf } from '../../../core/errors.js'
import { E } from '../errors.js'

/** Why a state.db could not be read; `busy`: a live writer held it too long (a runtime failure, not bad input). */
export interface StateDbFailure {
  file: string
  reason: string
  busy: boolean
  cause: unknown
}

/** The error a reader throws for a failure (a consumer maps it to its own code; default TIMMY_ERR_HERMES_STATE_DB_UNREADABLE). */
export type Unreadable = (failure: StateDbFailure) => Error

export const defaultUnreadable: Unreadable = (f) =>
  E.HERMES_STATE_DB_UNREADABLE(
    { file: f.file, reason: f.reason },
    { cause: f.cause, exitCode: f.busy ? 1 : 2 },
  )

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code ?? ''
  return /^SQLITE_(BUSY|LOCKED)/.test(code) || /database is locked/i.test(reasonOf(err))
}

export function openStateDb(
  Sqlite: typeof BetterSqlite3,
  file: string,
  busyTimeoutMs: number,
  unreadable: Unreadable = defaultUnreadable,
): BetterSqlite3.Database {
  try {
    return new Sqlite(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs })
  } catch (err) {
    throw unreadable({ file, reason: reasonOf(err), busy: false, cause: err })
  }
}

/** The column names of `table` (empty when it does not exist). */
export function columnsOf(db: BetterSqlite3.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name))
}
