/**
 * Deadman's tables on PostgreSQL (one migration so far): SQLite's, with an `owner` (the host id) on
 * wizard rows and rolled-away generations — a wizard lives on one host, a deploy generation is one
 * host's. Revisions come from a sequence. Booleans stay 0/1 integers, details JSON text, as on SQLite.
 */
export const PG_MIGRATIONS = [
  `CREATE SEQUENCE deadman_rev;
   CREATE TABLE deadman_wizards (
     wizard TEXT PRIMARY KEY, owner TEXT NOT NULL, watch_since BIGINT NOT NULL, state TEXT NOT NULL,
     state_since BIGINT NOT NULL, last_beat_at BIGINT, last_beat_source TEXT, up_since BIGINT,
     paused INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 0,
     streak INTEGER NOT NULL DEFAULT 0, last_restart_at BIGINT,
     incident BIGINT, incident_restarts INTEGER NOT NULL DEFAULT 0, incident_rolled_back INTEGER NOT NULL DEFAULT 0,
     stamp_mtime DOUBLE PRECISION, flags TEXT NOT NULL DEFAULT '[]', last_error TEXT, reset_at BIGINT NOT NULL DEFAULT 0,
     rev BIGINT NOT NULL DEFAULT 0);
   CREATE INDEX deadman_wizards_owner ON deadman_wizards (owner, wizard);
   CREATE TABLE deadman_beats (wizard TEXT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL);
   CREATE INDEX deadman_beats_wizard_at ON deadman_beats (wizard, at);
   CREATE INDEX deadman_beats_at ON deadman_beats (at);
   CREATE TABLE deadman_runs (wizard TEXT NOT NULL, run TEXT NOT NULL, started_at BIGINT NOT NULL,
     finished_at BIGINT, flagged INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (wizard, run));
   CREATE INDEX deadman_runs_open ON deadman_runs (finished_at, started_at);
   CREATE TABLE deadman_transitions (id BIGSERIAL PRIMARY KEY, wizard TEXT NOT NULL, at BIGINT NOT NULL,
     from_state TEXT NOT NULL, to_state TEXT NOT NULL, reason TEXT NOT NULL);
   CREATE INDEX deadman_transitions_wizard ON deadman_transitions (wizard, id);
   CREATE TABLE deadman_actions (id BIGSERIAL PRIMARY KEY, wizard TEXT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL,
     dry_run INTEGER NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL, incident BIGINT);
   CREATE INDEX deadman_actions_wizard ON deadman_actions (wizard, kind, at);
   CREATE TABLE deadman_incidents (id BIGSERIAL PRIMARY KEY, wizard TEXT NOT NULL, opened_at BIGINT NOT NULL,
     closed_at BIGINT, rollback_from BIGINT, rollback_to BIGINT);
   CREATE TABLE deadman_rolled_away (owner TEXT NOT NULL, generation BIGINT NOT NULL, at BIGINT NOT NULL,
     wizard TEXT NOT NULL, incident BIGINT, PRIMARY KEY (owner, generation));`,
]
