import type { Statement } from 'better-sqlite3'
import type { Database } from '../../../core/store/store.js'

/** The statements on runs and state transitions. */
export function prepareRunQueries(
  db: Database,
): Record<
  | 'startRun'
  | 'finishRun'
  | 'oldestOpenRun'
  | 'stuckRuns'
  | 'flagRun'
  | 'openRunsFlagged'
  | 'closeRunsOf'
  | 'transition'
  | 'transitions',
  Statement
> {
  return {
    startRun: db.prepare('INSERT OR IGNORE INTO deadman_runs (wizard, run, started_at) VALUES (?, ?, ?)'),
    finishRun: db.prepare(
      'UPDATE deadman_runs SET finished_at = ? WHERE wizard = ? AND run = ? AND finished_at IS NULL',
    ),
    oldestOpenRun: db.prepare(
      'SELECT run FROM deadman_runs WHERE wizard = ? AND finished_at IS NULL ORDER BY started_at LIMIT 1',
    ),
    stuckRuns: db.prepare(
      'SELECT wizard, run, started_at FROM deadman_runs WHERE finished_at IS NULL AND flagged = 0 AND started_at < ?',
    ),
    flagRun: db.prepare('UPDATE deadman_runs SET flagged = 1 WHERE wizard = ? AND run = ?'),
    openRunsFlagged: db.prepare(
      'SELECT count(*) AS n FROM deadman_runs WHERE wizard = ? AND finished_at IS NULL AND flagged = 1',
    ),
    closeRunsOf: db.prepare(
      'UPDATE deadman_runs SET finished_at = ? WHERE wizard = ? AND finished_at IS NULL',
    ),
    transition: db.prepare(
      'INSERT INTO deadman_transitions (wizard, at, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)',
    ),
    transitions: db.prepare('SELECT * FROM deadman_transitions WHERE wizard = ? ORDER BY id DESC LIMIT ?'),
  }
}
