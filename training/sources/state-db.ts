/**
 * Read Hermes sessions from `$HERMES_HOME/state.db`: read-only (`readonly`, `fileMustExist`), in
 * batches of sessions by rowid so memory stays constant, tolerating SQLITE_BUSY from a live writer
 * (Hermes writes with `BEGIN IMMEDIATE`). Never creates or alters anything in the file.
 */
import Sqlite from 'better-sqlite3'
import { reasonOf } from '../../core/index.js'
import { E } from '../errors.js'
import type { SessionRecord } from '../types.js'
import { groupMessages } from './state-db/group-messages.js'
import { prepareReads } from './state-db/prepare-reads.js'
import { retryBusy } from './state-db/retry-busy.js'
import { toSessionRecord } from './state-db/to-session-record.js'

export interface StateDbOptions {
  batchSize?: number
  busyTimeoutMs?: number
  /** Retries of a batch after SQLITE_BUSY beyond the busy timeout. */
  retries?: number
  onBusy?: () => void
}

export function openStateDb(file: string, busyTimeoutMs = 2000): Sqlite.Database {
  try {
    return new Sqlite(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs })
  } catch (err) {
    throw E.TRAIN_SOURCE_UNREADABLE({ file, reason: reasonOf(err) }, { cause: err, exitCode: 2 })
  }
}

/** Count the sessions (for the progress bar); 0 when the table cannot be read. */
export function countStateDbSessions(file: string, busyTimeoutMs = 2000): number {
  const db = openStateDb(file, busyTimeoutMs)
  try {
    return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n
  } catch {
    return 0
  } finally {
    db.close()
  }
}

/** Every session of the file with its active messages, batch by batch of rowids, retrying a busy database. */
export function* readStateDb(file: string, options: StateDbOptions = {}): Generator<SessionRecord> {
  const batchSize = options.batchSize ?? 500
  const db = openStateDb(file, options.busyTimeoutMs)
  try {
    const retry = <T>(fn: () => T): T => retryBusy(file, options, fn)
    const { sessions, messagesFor } = prepareReads(db, file, retry)
    let last = 0
    for (;;) {
      const rows = retry(() => sessions.all(last, batchSize)) as Record<string, unknown>[]
      if (!rows.length) break
      last = rows[rows.length - 1]!._row as number
      const ids = rows.map((r) => r.id)
      const msgs = retry(() => messagesFor(ids.length).all(...ids)) as Record<string, unknown>[]
      const grouped = groupMessages(msgs)
      for (const r of rows) yield toSessionRecord(file, r, grouped.get(r.id) ?? [])
    }
  } finally {
    db.close()
  }
}

export { num, providerOfModel, str } from './state-db/field-values.js'
