/**
 * Read Hermes sessions from `$HERMES_HOME/state.db`: read-only (`readonly`, `fileMustExist`), in
 * batches of sessions by rowid so memory stays constant, tolerating SQLITE_BUSY from a live writer
 * (Hermes writes with `BEGIN IMMEDIATE`). Never creates or alters anything in the file.
 */
import Sqlite from 'better-sqlite3'
import { reasonOf } from '../../core/index.js'
import { decodeContent } from '../decode-content.js'
import { E } from '../errors.js'
import type { ChatMessage, SessionRecord } from '../types.js'
import { sleepSync } from './sleep-sync.js'

export interface StateDbOptions {
  batchSize?: number
  busyTimeoutMs?: number
  /** Retries of a batch after SQLITE_BUSY beyond the busy timeout. */
  retries?: number
  onBusy?: () => void
}

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

export function* readStateDb(file: string, options: StateDbOptions = {}): Generator<SessionRecord> {
  const batchSize = options.batchSize ?? 500
  const db = openStateDb(file, options.busyTimeoutMs)
  try {
    const retry = <T>(fn: () => T): T => {
      for (let attempt = 0; ; attempt++) {
        try {
          return fn()
        } catch (err) {
          const code = (err as { code?: string }).code ?? ''
          const busy = /^SQLITE_(BUSY|LOCKED)/.test(code)
          if (!busy || attempt >= (options.retries ?? 20)) {
            // busy for too long: a runtime failure (1); anything else: the input is not a state.db (2)
            throw E.TRAIN_SOURCE_UNREADABLE(
              { file, reason: reasonOf(err) },
              { cause: err, exitCode: busy ? 1 : 2 },
            )
          }
          options.onBusy?.()
          sleepSync(Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2))
        }
      }
    }
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
    let last = 0
    for (;;) {
      const rows = retry(() => sessions.all(last, batchSize)) as Record<string, unknown>[]
      if (!rows.length) break
      last = rows[rows.length - 1]!._row as number
      const ids = rows.map((r) => r.id)
      const msgs = retry(() => messagesFor(ids.length).all(...ids)) as Record<string, unknown>[]
      const grouped = new Map<unknown, ChatMessage[]>()
      for (const m of msgs) {
        if (m.active === 0) continue
        const list = grouped.get(m.session_id)
        if (list) list.push(toMessage(m))
        else grouped.set(m.session_id, [toMessage(m)])
      }
      for (const r of rows) {
        const model = str(r.model)
        yield {
          session_id: str(r.id),
          user_id: str(r.user_id),
          platform: str(r.source),
          started_at: num(r.started_at),
          ended_at: num(r.ended_at),
          model,
          provider: str(r.billing_provider) ?? providerOfModel(model),
          parent_session_id: str(r.parent_session_id),
          messages: grouped.get(r.id) ?? [],
          source: { kind: 'state.db', file, row: r._row as number },
        }
      }
    }
  } finally {
    db.close()
  }
}

function columnsOf(db: Sqlite.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name))
}

function toMessage(m: Record<string, unknown>): ChatMessage {
  const msg: ChatMessage = { role: m.role as string, content: decodeContent(m.content) }
  if (m.tool_calls != null && m.tool_calls !== '') {
    try {
      msg.tool_calls = typeof m.tool_calls === 'string' ? JSON.parse(m.tool_calls) : m.tool_calls
    } catch {
      msg.tool_calls = m.tool_calls
    }
  }
  if (m.tool_call_id != null) msg.tool_call_id = m.tool_call_id as string
  if (m.tool_name != null) msg.name = m.tool_name as string
  return msg
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** `anthropic/claude-sonnet-4.6` → `anthropic`. */
export function providerOfModel(model: string | null): string | null {
  if (!model) return null
  const i = model.indexOf('/')
  return i > 0 ? model.slice(0, i) : null
}
