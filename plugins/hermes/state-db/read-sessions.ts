/**
 * Every session of a state.db with its active messages (FORMATS §4), batch by batch of rowids so memory
 * stays constant, retrying SQLITE_BUSY from a live writer. Rows come as Hermes stores them; the
 * consumer (training) normalises them.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { defaultUnreadable, openStateDb, type Unreadable } from './open-state-db.js'
import { prepareReads } from './prepare-reads.js'
import { retryBusy } from './retry-busy.js'

export interface SessionReadOptions {
  batchSize?: number
  busyTimeoutMs?: number
  /** Retries of a batch after SQLITE_BUSY beyond the busy timeout. */
  retries?: number
  onBusy?: () => void
  unreadable?: Unreadable
}

/** A `sessions` row (`rowid` as `_row`; columns this state.db lacks are null) and its active `messages` rows, in order. */
export interface StateDbSession {
  row: Record<string, unknown>
  messages: Record<string, unknown>[]
}

/** Count the sessions (for a progress bar); 0 when the table cannot be read. */
export function countSessions(
  Sqlite: typeof BetterSqlite3,
  file: string,
  options: Pick<SessionReadOptions, 'busyTimeoutMs' | 'unreadable'> = {},
): number {
  const db = openStateDb(Sqlite, file, options.busyTimeoutMs ?? 2000, options.unreadable)
  try {
    return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n
  } catch {
    return 0
  } finally {
    db.close()
  }
}

export function* readSessions(
  Sqlite: typeof BetterSqlite3,
  file: string,
  options: SessionReadOptions = {},
): Generator<StateDbSession> {
  const batchSize = options.batchSize ?? 500
  const unreadable = options.unreadable ?? defaultUnreadable
  const db = openStateDb(Sqlite, file, options.busyTimeoutMs ?? 2000, unreadable)
  try {
    const retry = <T>(fn: () => T): T => retryBusy(file, { ...options, unreadable }, fn)
    const { sessions, messagesFor } = prepareReads(db, file, retry, unreadable)
    let last = 0
    for (;;) {
      const rows = retry(() => sessions.all(last, batchSize)) as Record<string, unknown>[]
      if (!rows.length) break
      last = rows[rows.length - 1]!._row as number
      const ids = rows.map((r) => r.id)
      const msgs = retry(() => messagesFor(ids.length).all(...ids)) as Record<string, unknown>[]
      const grouped = activeBySession(msgs)
      for (const row of rows) yield { row, messages: grouped.get(row.id) ?? [] }
    }
  } finally {
    db.close()
  }
}

/** Active messages (`active` not 0) grouped by session id, in their order. */
function activeBySession(msgs: Record<string, unknown>[]): Map<unknown, Record<string, unknown>[]> {
  const grouped = new Map<unknown, Record<string, unknown>[]>()
  for (const m of msgs) {
    if (m.active === 0) continue
    const list = grouped.get(m.session_id)
    if (list) list.push(m)
    else grouped.set(m.session_id, [m])
  }
  return grouped
}
