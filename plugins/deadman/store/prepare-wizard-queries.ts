import type { Statement } from 'better-sqlite3'
import type { Database } from '../../../core/store/store.js'

/** The statements on wizard rows and beats. */
export function prepareWizardQueries(
  db: Database,
): Record<
  'ensure' | 'all' | 'changed' | 'one' | 'save' | 'beat' | 'insertBeat' | 'countBeats' | 'pruneBeats',
  Statement
> {
  return {
    ensure: db.prepare(
      `INSERT OR IGNORE INTO deadman_wizards (wizard, watch_since, state, state_since, rev)
       VALUES (?, ?, 'new', ?, (SELECT coalesce(max(rev), 0) + 1 FROM deadman_wizards))`,
    ),
    all: db.prepare('SELECT * FROM deadman_wizards'),
    changed: db.prepare('SELECT * FROM deadman_wizards WHERE rev > ? ORDER BY rev'),
    one: db.prepare('SELECT * FROM deadman_wizards WHERE wizard = ?'),
    save: db.prepare(
      `UPDATE deadman_wizards SET state = @state, state_since = @stateSince, up_since = @upSince,
         watch_since = @watchSince, paused = @paused, active = @active, streak = @streak, last_restart_at = @lastRestartAt,
         incident = @incident, incident_restarts = @incidentRestarts, incident_rolled_back = @incidentRolledBack,
         stamp_mtime = @stampMtime, flags = @flags, last_error = @lastError, reset_at = @resetAt,
         rev = (SELECT coalesce(max(rev), 0) + 1 FROM deadman_wizards)
       WHERE wizard = @wizard`,
    ),
    beat: db.prepare(
      `UPDATE deadman_wizards SET last_beat_at = @at, last_beat_source = @source, rev = (SELECT coalesce(max(rev), 0) + 1 FROM deadman_wizards)
       WHERE wizard = @wizard AND (last_beat_at IS NULL OR last_beat_at <= @at)`,
    ),
    insertBeat: db.prepare('INSERT INTO deadman_beats (wizard, at, kind, source) VALUES (?, ?, ?, ?)'),
    countBeats: db.prepare('SELECT count(*) AS n FROM deadman_beats WHERE wizard = ? AND at > ?'),
    pruneBeats: db.prepare('DELETE FROM deadman_beats WHERE at < ?'),
  }
}
