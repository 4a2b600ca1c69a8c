/** Provenance's tables: runs, steps and the sessions linked to them. */
export const MIGRATIONS = [
  `CREATE TABLE provenance_runs (
     run_id TEXT PRIMARY KEY, playbook TEXT NOT NULL, lane TEXT, item_id TEXT, item_source TEXT,
     dry_run INTEGER NOT NULL DEFAULT 0, outcome TEXT, started_at TEXT, finished_at TEXT,
     input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE provenance_steps (
     run_id TEXT NOT NULL, step_id TEXT NOT NULL, use TEXT NOT NULL, playbook TEXT NOT NULL,
     agent TEXT, model TEXT, provider TEXT, outcome TEXT NOT NULL,
     input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, cost REAL,
     effects_json TEXT NOT NULL DEFAULT '[]', error TEXT, duration_ms INTEGER NOT NULL DEFAULT 0,
     recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, step_id))`,
  `CREATE TABLE provenance_sessions (
     session_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, step_id TEXT, linked_at TEXT NOT NULL)`,
  'CREATE INDEX provenance_sessions_run ON provenance_sessions(run_id)',
]
