/** Deadman's tables, indexes included (one migration so far). */
export const MIGRATIONS = [
  `CREATE TABLE deadman_wizards (
     wizard TEXT PRIMARY KEY, watch_since INTEGER NOT NULL, state TEXT NOT NULL, state_since INTEGER NOT NULL,
     last_beat_at INTEGER, last_beat_source TEXT, up_since INTEGER,
     paused INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 0,
     streak INTEGER NOT NULL DEFAULT 0, last_restart_at INTEGER,
     incident INTEGER, incident_restarts INTEGER NOT NULL DEFAULT 0, incident_rolled_back INTEGER NOT NULL DEFAULT 0,
     stamp_mtime REAL, flags TEXT NOT NULL DEFAULT '[]', last_error TEXT, reset_at INTEGER NOT NULL DEFAULT 0,
     rev INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX deadman_wizards_rev ON deadman_wizards (rev);
   CREATE TABLE deadman_beats (wizard TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL);
   CREATE INDEX deadman_beats_wizard_at ON deadman_beats (wizard, at);
   CREATE INDEX deadman_beats_at ON deadman_beats (at);
   CREATE TABLE deadman_runs (wizard TEXT NOT NULL, run TEXT NOT NULL, started_at INTEGER NOT NULL,
     finished_at INTEGER, flagged INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (wizard, run));
   CREATE INDEX deadman_runs_open ON deadman_runs (finished_at, started_at);
   CREATE TABLE deadman_transitions (id INTEGER PRIMARY KEY, wizard TEXT NOT NULL, at INTEGER NOT NULL,
     from_state TEXT NOT NULL, to_state TEXT NOT NULL, reason TEXT NOT NULL);
   CREATE INDEX deadman_transitions_wizard ON deadman_transitions (wizard, id);
   CREATE TABLE deadman_actions (id INTEGER PRIMARY KEY, wizard TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
     dry_run INTEGER NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL, incident INTEGER);
   CREATE INDEX deadman_actions_wizard ON deadman_actions (wizard, kind, at);
   CREATE TABLE deadman_incidents (id INTEGER PRIMARY KEY, wizard TEXT NOT NULL, opened_at INTEGER NOT NULL,
     closed_at INTEGER, rollback_from INTEGER, rollback_to INTEGER);
   CREATE TABLE deadman_rolled_away (generation INTEGER PRIMARY KEY, at INTEGER NOT NULL, wizard TEXT NOT NULL,
     incident INTEGER);`,
]
