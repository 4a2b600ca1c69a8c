/** Prepared statements of the Hermes import: per-session snapshots, the cursor, sessions timmy reported itself. */
import type { Statement } from 'better-sqlite3'
import type { Database } from '../../core/store/store.js'

export function importStatements(
  db: Database,
): Record<'importGet' | 'importPut' | 'reportedSession' | 'metaGet' | 'metaPut', Statement> {
  return {
    importGet: db.prepare(`SELECT * FROM budget_imports WHERE key = ?`),
    importPut: db.prepare(
      `INSERT INTO budget_imports (key, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_micros, seen_at)
     VALUES (@key, @input_tokens, @output_tokens, @cache_read_tokens, @cache_write_tokens, @reasoning_tokens, @cost_micros, @seen_at)
     ON CONFLICT (key) DO UPDATE SET input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
       cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens,
       reasoning_tokens = excluded.reasoning_tokens, cost_micros = excluded.cost_micros, seen_at = excluded.seen_at`,
    ),
    reportedSession: db.prepare(
      `SELECT 1 FROM budget_ledger WHERE session_id = ? AND source != 'hermes-state-db' LIMIT 1`,
    ),
    metaGet: db.prepare(`SELECT value FROM budget_meta WHERE key = ?`),
    metaPut: db.prepare(
      `INSERT INTO budget_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  }
}

export type ImportStatements = ReturnType<typeof importStatements>
