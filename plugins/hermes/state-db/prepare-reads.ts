import type Sqlite from 'better-sqlite3'
import { columnsOf, type Unreadable } from './open-state-db.js'

const SESSION_COLS = [
  'id',
  'source',
  'user_id',
  'model',
  'started_at',
  'ended_at',
  'billing_provider',
  'parent_session_id',
]
const MESSAGE_COLS = ['session_id', 'role', 'content', 'tool_call_id', 'tool_calls', 'tool_name', 'active']

/** The session-batch statement and a messages statement per batch size, over the columns this state.db has. */
export function prepareReads(
  db: Sqlite.Database,
  file: string,
  retry: <T>(fn: () => T) => T,
  unreadable: Unreadable,
): {
  sessions: Sqlite.Statement
  messagesFor: (n: number) => Sqlite.Statement
} {
  const sessionCols = retry(() => columnsOf(db, 'sessions'))
  const messageCols = retry(() => columnsOf(db, 'messages'))
  if (!sessionCols.has('id') || !messageCols.has('session_id')) {
    throw unreadable({
      file,
      reason: 'it has no sessions/messages tables of Hermes',
      busy: false,
      cause: undefined,
    })
  }
  const pick = (cols: string[], have: Set<string>) =>
    cols.map((c) => (have.has(c) ? c : `NULL AS ${c}`)).join(', ')
  const sessions = db.prepare(
    `SELECT rowid AS _row, ${pick(SESSION_COLS, sessionCols)} FROM sessions WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  )
  const byCount = new Map<number, Sqlite.Statement>()
  const messagesFor = (n: number) => {
    let st = byCount.get(n)
    if (!st) {
      st = db.prepare(
        `SELECT ${pick(MESSAGE_COLS, messageCols)} FROM messages WHERE session_id IN (${Array(n).fill('?').join(',')})
           ORDER BY session_id, id`,
      )
      byCount.set(n, st)
    }
    return st
  }
  return { sessions, messagesFor }
}
