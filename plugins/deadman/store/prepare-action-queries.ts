import type { Statement } from 'better-sqlite3'
import type { Database } from '../../../core/store/store.js'

/** The statements on actions, incidents and rolled-away generations. */
export function prepareActionQueries(
  db: Database,
): Record<
  | 'action'
  | 'finishAction'
  | 'actionsOf'
  | 'actionsAll'
  | 'restartsSince'
  | 'restartCounts'
  | 'openIncident'
  | 'closeIncident'
  | 'incidentRollback'
  | 'alertIssue'
  | 'rolledAway'
  | 'addRolledAway',
  Statement
> {
  return {
    action: db.prepare(
      `INSERT INTO deadman_actions (wizard, at, kind, dry_run, outcome, detail, incident)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    finishAction: db.prepare('UPDATE deadman_actions SET outcome = ?, detail = ? WHERE id = ? RETURNING *'),
    actionsOf: db.prepare('SELECT * FROM deadman_actions WHERE wizard = ? ORDER BY id DESC LIMIT ?'),
    actionsAll: db.prepare('SELECT * FROM deadman_actions ORDER BY id DESC LIMIT ?'),
    restartsSince: db.prepare(
      `SELECT count(*) AS n FROM deadman_actions WHERE wizard = ? AND kind = 'restart' AND at > ? AND at >= ?`,
    ),
    restartCounts: db.prepare(
      `SELECT a.wizard AS wizard, count(*) AS n FROM deadman_actions a JOIN deadman_wizards w ON w.wizard = a.wizard
       WHERE a.kind = 'restart' AND a.at > ? AND a.at >= w.reset_at GROUP BY a.wizard`,
    ),
    openIncident: db.prepare('INSERT INTO deadman_incidents (wizard, opened_at) VALUES (?, ?) RETURNING id'),
    closeIncident: db.prepare(
      'UPDATE deadman_incidents SET closed_at = ? WHERE id = ? AND closed_at IS NULL',
    ),
    incidentRollback: db.prepare(
      'UPDATE deadman_incidents SET rollback_from = ?, rollback_to = ? WHERE id = ?',
    ),
    alertIssue: db.prepare(
      `SELECT json_extract(detail, '$.result.repo') AS repo, json_extract(detail, '$.result.issue') AS issue
       FROM deadman_actions WHERE kind = 'alert' AND incident = ? AND outcome = 'ok'
         AND json_extract(detail, '$.delivered') = 'gitea.issue'
       ORDER BY id LIMIT 1`,
    ),
    rolledAway: db.prepare('SELECT generation FROM deadman_rolled_away'),
    addRolledAway: db.prepare(
      'INSERT OR IGNORE INTO deadman_rolled_away (generation, at, wizard, incident) VALUES (?, ?, ?, ?)',
    ),
  }
}
