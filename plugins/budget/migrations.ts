/**
 * The budget plugin's tables (prefix `budget_`). The ledger is append-only (triggers refuse UPDATE and
 * DELETE); `budget_totals` keeps running totals per budget and window, so a check reads one row
 * instead of summing history. Costs are integer micro-USD, so caps compare exactly.
 */
import type { Migration } from '../../core/store/store.js'

export const BUDGET_MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE budget_ledger (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     source TEXT NOT NULL,
     dedupe_key TEXT UNIQUE,
     playbook TEXT, lane TEXT, run_id TEXT, step_id TEXT, session_id TEXT,
     model TEXT, provider TEXT,
     input_tokens INTEGER NOT NULL DEFAULT 0,
     output_tokens INTEGER NOT NULL DEFAULT 0,
     cache_read_tokens INTEGER NOT NULL DEFAULT 0,
     cache_write_tokens INTEGER NOT NULL DEFAULT 0,
     reasoning_tokens INTEGER NOT NULL DEFAULT 0,
     total_tokens INTEGER NOT NULL DEFAULT 0,
     cost_micros INTEGER,
     cost_status TEXT,
     exempt INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX budget_ledger_at ON budget_ledger(at);
   CREATE INDEX budget_ledger_session ON budget_ledger(session_id) WHERE session_id IS NOT NULL;
   CREATE TRIGGER budget_ledger_no_update BEFORE UPDATE ON budget_ledger
     BEGIN SELECT RAISE(ABORT, 'budget_ledger is append-only'); END;
   CREATE TRIGGER budget_ledger_no_delete BEFORE DELETE ON budget_ledger
     BEGIN SELECT RAISE(ABORT, 'budget_ledger is append-only'); END;

   CREATE TABLE budget_totals (
     budget TEXT NOT NULL,
     window_start INTEGER NOT NULL,
     spent_tokens INTEGER NOT NULL DEFAULT 0,
     spent_cost_micros INTEGER NOT NULL DEFAULT 0,
     reserved_tokens INTEGER NOT NULL DEFAULT 0,
     reserved_cost_micros INTEGER NOT NULL DEFAULT 0,
     soft_fired INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (budget, window_start)
   ) WITHOUT ROWID;

   CREATE TABLE budget_reservations (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     windows TEXT NOT NULL,
     tokens INTEGER NOT NULL,
     cost_micros INTEGER NOT NULL,
     est_tokens INTEGER NOT NULL,
     est_cost_micros INTEGER NOT NULL,
     playbook TEXT, lane TEXT, run_id TEXT, step_id TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     closed_at INTEGER
   );
   CREATE INDEX budget_reservations_held ON budget_reservations(expires_at) WHERE state = 'held';

   CREATE TABLE budget_paused (
     budget TEXT PRIMARY KEY,
     window_start INTEGER NOT NULL,
     targets TEXT NOT NULL,
     paused_at INTEGER NOT NULL,
     reason TEXT NOT NULL
   );

   CREATE TABLE budget_resets (
     id INTEGER PRIMARY KEY,
     budget TEXT NOT NULL,
     window_start INTEGER NOT NULL,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     reason TEXT,
     spent_tokens_before INTEGER NOT NULL,
     spent_cost_micros_before INTEGER NOT NULL
   );

   CREATE TABLE budget_imports (
     key TEXT PRIMARY KEY,
     input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
     cache_read_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL,
     reasoning_tokens INTEGER NOT NULL, cost_micros INTEGER NOT NULL,
     seen_at INTEGER NOT NULL
   );

   CREATE TABLE budget_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
]
