/**
 * Deadman's tables in the timmy store (all times are epoch ms). The store is the source of truth, so
 * `timmy deadman beat|pause|resume|reset` in another process is seen by the next tick of `timmy serve`.
 */
import type { Database, Store } from '../../core/store/store.js'
import type { WizardRecord } from './evaluate-state.js'
import type { ActionRecord, TransitionEvent, WizardState } from './types.js'

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

type Row = Record<string, unknown>

const toRecord = (r: Row): WizardRecord => ({
  wizard: r.wizard as string,
  watchSince: r.watch_since as number,
  state: r.state as WizardState,
  stateSince: r.state_since as number,
  lastBeatAt: (r.last_beat_at as number | null) ?? null,
  lastBeatSource: (r.last_beat_source as string | null) ?? null,
  upSince: (r.up_since as number | null) ?? null,
  paused: r.paused === 1,
  active: r.active === 1,
  streak: r.streak as number,
  lastRestartAt: (r.last_restart_at as number | null) ?? null,
  incident: (r.incident as number | null) ?? null,
  incidentRestarts: r.incident_restarts as number,
  incidentRolledBack: r.incident_rolled_back === 1,
  stampMtime: (r.stamp_mtime as number | null) ?? null,
  flags: JSON.parse(r.flags as string) as string[],
  lastError: (r.last_error as string | null) ?? null,
  resetAt: r.reset_at as number,
})

const toAction = (r: Row): ActionRecord => ({
  id: r.id as number,
  wizard: r.wizard as string,
  at: r.at as number,
  kind: r.kind as ActionRecord['kind'],
  dryRun: r.dry_run === 1,
  outcome: r.outcome as ActionRecord['outcome'],
  detail: JSON.parse(r.detail as string) as Record<string, unknown>,
  incident: (r.incident as number | null) ?? null,
})

export type DeadmanStore = ReturnType<typeof openDeadmanStore>

export function openDeadmanStore(store: Store) {
  store.migrate('deadman', MIGRATIONS)
  const db: Database = store.db
  const q = {
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
  const saveParams = (r: WizardRecord) => ({
    wizard: r.wizard,
    state: r.state,
    stateSince: r.stateSince,
    watchSince: r.watchSince,
    upSince: r.upSince,
    paused: r.paused ? 1 : 0,
    active: r.active ? 1 : 0,
    streak: r.streak,
    lastRestartAt: r.lastRestartAt,
    incident: r.incident,
    incidentRestarts: r.incidentRestarts,
    incidentRolledBack: r.incidentRolledBack ? 1 : 0,
    stampMtime: r.stampMtime,
    flags: JSON.stringify(r.flags),
    lastError: r.lastError,
    resetAt: r.resetAt,
  })

  return {
    immediate: store.immediate,
    ensure(names: readonly string[], now: number) {
      store.immediate(() => {
        for (const n of names) q.ensure.run(n, now, now)
      })
    },
    load(names?: ReadonlySet<string>): WizardRecord[] {
      const rows = (q.all.all() as Row[]).map(toRecord)
      return names ? rows.filter((r) => names.has(r.wizard)) : rows
    },
    /** Rows written since revision `rev` (every write bumps a table-wide revision), and the newest revision. */
    changedSince(rev: number): { records: WizardRecord[]; rev: number } {
      const rows = q.changed.all(rev) as Row[]
      return { records: rows.map(toRecord), rev: rows.length ? (rows[rows.length - 1]!.rev as number) : rev }
    },
    get(wizard: string): WizardRecord | undefined {
      const row = q.one.get(wizard) as Row | undefined
      return row ? toRecord(row) : undefined
    },
    save(r: WizardRecord) {
      q.save.run(saveParams(r))
    },
    /** Record a beat; returns counted beats in the too-often window when the beat is counted. */
    beat(wizard: string, at: number, source: string, kind: string, counted: boolean) {
      q.beat.run({ wizard, at, source })
      if (counted) q.insertBeat.run(wizard, at, kind, source)
    },
    countBeats(wizard: string, since: number): number {
      return (q.countBeats.get(wizard, since) as { n: number }).n
    },
    pruneBeats(before: number) {
      q.pruneBeats.run(before)
    },
    startRun(wizard: string, run: string, at: number) {
      q.startRun.run(wizard, run, at)
    },
    /** Close `run` (or the oldest open run); returns whether a run was closed. */
    finishRun(wizard: string, run: string | undefined, at: number): boolean {
      const id = run ?? (q.oldestOpenRun.get(wizard) as { run: string } | undefined)?.run
      return id === undefined ? false : q.finishRun.run(at, wizard, id).changes > 0
    },
    stuckRuns(startedBefore: number) {
      return q.stuckRuns.all(startedBefore) as { wizard: string; run: string; started_at: number }[]
    },
    flagRun(wizard: string, run: string) {
      q.flagRun.run(wizard, run)
    },
    hasFlaggedOpenRun(wizard: string): boolean {
      return (q.openRunsFlagged.get(wizard) as { n: number }).n > 0
    },
    closeRuns(wizard: string, at: number) {
      q.closeRunsOf.run(at, wizard)
    },
    transition(e: TransitionEvent) {
      q.transition.run(e.wizard, e.at, e.from, e.to, e.reason)
    },
    transitions(wizard: string, limit: number): TransitionEvent[] {
      return (q.transitions.all(wizard, limit) as Row[]).map((r) => ({
        wizard: r.wizard as string,
        at: r.at as number,
        from: r.from_state as string,
        to: r.to_state as string,
        reason: r.reason as string,
      }))
    },
    action(
      wizard: string,
      at: number,
      kind: ActionRecord['kind'],
      dryRun: boolean,
      outcome: ActionRecord['outcome'],
      detail: Record<string, unknown>,
      incident: number | null,
    ): ActionRecord {
      return toAction(
        q.action.get(wizard, at, kind, dryRun ? 1 : 0, outcome, JSON.stringify(detail), incident) as Row,
      )
    },
    finishAction(
      id: number,
      outcome: ActionRecord['outcome'],
      detail: Record<string, unknown>,
    ): ActionRecord {
      return toAction(q.finishAction.get(outcome, JSON.stringify(detail), id) as Row)
    },
    actions(wizard: string | undefined, limit: number): ActionRecord[] {
      const rows = wizard ? q.actionsOf.all(wizard, limit) : q.actionsAll.all(limit)
      return (rows as Row[]).map(toAction)
    },
    restartsInWindow(r: WizardRecord, windowMs: number, now: number): number {
      return (q.restartsSince.get(r.wizard, now - windowMs, r.resetAt) as { n: number }).n
    },
    restartCounts(windowMs: number, now: number): Map<string, number> {
      const rows = q.restartCounts.all(now - windowMs) as { wizard: string; n: number }[]
      return new Map(rows.map((r) => [r.wizard, r.n]))
    },
    openIncident(wizard: string, at: number): number {
      return (q.openIncident.get(wizard, at) as { id: number }).id
    },
    closeIncident(id: number, at: number) {
      q.closeIncident.run(at, id)
    },
    recordRollback(
      incident: number | null,
      from: number,
      to: number,
      wizard: string,
      at: number,
      dryRun: boolean,
    ) {
      if (incident !== null) q.incidentRollback.run(from, to, incident)
      if (!dryRun) q.addRolledAway.run(from, at, wizard, incident)
    },
    /** The Gitea issue the first delivered alert of `incident` opened, if any. */
    alertIssueOf(incident: number): { repo: string; issue: number } | undefined {
      const row = q.alertIssue.get(incident) as { repo: unknown; issue: unknown } | undefined
      return row && typeof row.repo === 'string' && typeof row.issue === 'number'
        ? { repo: row.repo, issue: row.issue }
        : undefined
    },
    rolledAway(): Set<number> {
      return new Set((q.rolledAway.all() as { generation: number }[]).map((r) => r.generation))
    },
  }
}
