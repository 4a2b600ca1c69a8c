import type Sqlite from 'better-sqlite3'
import { E } from '../../errors.js'

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
): {
  sessions: Sqlite.Statement
  messagesFor: (n: number) => Sqlite.Statement
} {
  const sessionCols = retry(() => columnsOf(db, 'sessions'))
  const messageCols = retry(() => columnsOf(db, 'messages'))
  if (!sessionCols.has('id') || !messageCols.has('session_id')) {
    throw E.TRAIN_SOURCE_UNREADABLE(
      { file, reason: 'it has no sessions/messages tables of Hermes' },
      { exitCode: 2 },
    )
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

function columnsOf(db: Sqlite.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name))
}
