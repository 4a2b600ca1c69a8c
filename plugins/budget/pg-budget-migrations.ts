/**
 * The budget tables on PostgreSQL (module `budget` of the `postgres` service's migrations): the same
 * tables and columns as the SQLite store (migrations.ts), epoch milliseconds and micro-USD as BIGINT.
 * The ledger is append-only (a trigger refuses UPDATE and DELETE).
 */
export const PG_BUDGET_MIGRATIONS: readonly string[] = [
  `CREATE TABLE budget_ledger (
     id BIGSERIAL PRIMARY KEY,
     at BIGINT NOT NULL,
     source TEXT NOT NULL,
     dedupe_key TEXT UNIQUE,
     playbook TEXT, lane TEXT, run_id TEXT, step_id TEXT, session_id TEXT,
     model TEXT, provider TEXT,
     input_tokens BIGINT NOT NULL DEFAULT 0,
     output_tokens BIGINT NOT NULL DEFAULT 0,
     cache_read_tokens BIGINT NOT NULL DEFAULT 0,
     cache_write_tokens BIGINT NOT NULL DEFAULT 0,
     reasoning_tokens BIGINT NOT NULL DEFAULT 0,
     total_tokens BIGINT NOT NULL DEFAULT 0,
     cost_micros BIGINT,
     cost_status TEXT,
     exempt INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX budget_ledger_at ON budget_ledger(at);
   CREATE INDEX budget_ledger_session ON budget_ledger(session_id) WHERE session_id IS NOT NULL;
   CREATE FUNCTION budget_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'budget_ledger is append-only'; END $$;
   CREATE TRIGGER budget_ledger_no_change BEFORE UPDATE OR DELETE ON budget_ledger
     FOR EACH ROW EXECUTE FUNCTION budget_ledger_append_only();

   CREATE TABLE budget_totals (
     budget TEXT NOT NULL,
     window_start BIGINT NOT NULL,
     spent_tokens BIGINT NOT NULL DEFAULT 0,
     spent_cost_micros BIGINT NOT NULL DEFAULT 0,
     reserved_tokens BIGINT NOT NULL DEFAULT 0,
     reserved_cost_micros BIGINT NOT NULL DEFAULT 0,
     soft_fired INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (budget, window_start)
   );

   CREATE TABLE budget_reservations (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     windows TEXT NOT NULL,
     tokens BIGINT NOT NULL,
     cost_micros BIGINT NOT NULL,
     est_tokens BIGINT NOT NULL,
     est_cost_micros BIGINT NOT NULL,
     playbook TEXT, lane TEXT, run_id TEXT, step_id TEXT,
     created_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL,
     closed_at BIGINT
   );
   CREATE INDEX budget_reservations_held ON budget_reservations(expires_at) WHERE state = 'held';

   CREATE TABLE budget_paused (
     budget TEXT PRIMARY KEY,
     window_start BIGINT NOT NULL,
     targets TEXT NOT NULL,
     paused_at BIGINT NOT NULL,
     reason TEXT NOT NULL
   );

   CREATE TABLE budget_resets (
     id BIGSERIAL PRIMARY KEY,
     budget TEXT NOT NULL,
     window_start BIGINT NOT NULL,
     at BIGINT NOT NULL,
     actor TEXT NOT NULL,
     reason TEXT,
     spent_tokens_before BIGINT NOT NULL,
     spent_cost_micros_before BIGINT NOT NULL
   );

   CREATE TABLE budget_imports (
     key TEXT PRIMARY KEY,
     input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL,
     cache_read_tokens BIGINT NOT NULL, cache_write_tokens BIGINT NOT NULL,
     reasoning_tokens BIGINT NOT NULL, cost_micros BIGINT NOT NULL,
     seen_at BIGINT NOT NULL
   );

   CREATE TABLE budget_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
]
