/** Run records in the host's SQLite store: `playbook_runs` (one row per run, the report as JSON) and `playbook_steps`. */
import type { RunReport } from '../../core/hooks.js'
import type { Store } from '../../core/store/store.js'
import type { ReportStore } from './report-store.js'

const MIGRATIONS = [
  `CREATE TABLE playbook_runs (
     id TEXT PRIMARY KEY,
     playbook TEXT NOT NULL,
     lane TEXT,
     outcome TEXT NOT NULL,
     dry_run INTEGER NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT NOT NULL,
     input_tokens INTEGER NOT NULL DEFAULT 0,
     output_tokens INTEGER NOT NULL DEFAULT 0,
     report TEXT NOT NULL)`,
  'CREATE INDEX playbook_runs_started ON playbook_runs (started_at)',
  `CREATE TABLE playbook_steps (
     run_id TEXT NOT NULL REFERENCES playbook_runs(id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     step_id TEXT NOT NULL,
     use TEXT NOT NULL,
     outcome TEXT NOT NULL,
     duration_ms REAL NOT NULL,
     input_tokens INTEGER NOT NULL DEFAULT 0,
     output_tokens INTEGER NOT NULL DEFAULT 0,
     error_code TEXT,
     PRIMARY KEY (run_id, idx))`,
]

export function openSqliteReportStore(store: Store, keep = 1000): ReportStore {
  store.migrate('playbook', MIGRATIONS)
  const db = store.db
  const insertRun = db.prepare(
    `INSERT OR REPLACE INTO playbook_runs (id, playbook, lane, outcome, dry_run, started_at, finished_at, input_tokens, output_tokens, report)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertStep = db.prepare(
    `INSERT OR REPLACE INTO playbook_steps (run_id, idx, step_id, use, outcome, duration_ms, input_tokens, output_tokens, error_code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const prune = db.prepare(
    'DELETE FROM playbook_runs WHERE id IN (SELECT id FROM playbook_runs ORDER BY started_at DESC LIMIT -1 OFFSET ?)',
  )
  const getRun = db.prepare('SELECT report FROM playbook_runs WHERE id = ?')
  const recent = db.prepare(
    `SELECT id, playbook, lane, outcome, dry_run, started_at, input_tokens + output_tokens AS tokens
     FROM playbook_runs ORDER BY started_at DESC, rowid DESC LIMIT ?`,
  )
  return {
    async save(report) {
      store.immediate(() => {
        insertRun.run(
          report.runId,
          report.playbook,
          report.lane ?? null,
          report.outcome,
          report.dryRun ? 1 : 0,
          report.startedAt,
          report.finishedAt,
          report.tokens?.input ?? 0,
          report.tokens?.output ?? 0,
          JSON.stringify(report),
        )
        for (const [i, s] of report.steps.entries()) {
          insertStep.run(
            report.runId,
            i,
            s.stepId,
            s.use,
            s.outcome,
            s.durationMs,
            s.usage?.input_tokens ?? 0,
            s.usage?.output_tokens ?? 0,
            s.error?.code ?? null,
          )
        }
        prune.run(keep)
      })
    },
    async get(id) {
      const row = getRun.get(id) as { report: string } | undefined
      return row ? (JSON.parse(row.report) as RunReport) : undefined
    },
    async recent(limit = 20) {
      return (recent.all(limit) as Record<string, any>[]).map((r) => ({
        id: r.id,
        playbook: r.playbook,
        lane: r.lane,
        outcome: r.outcome,
        dryRun: r.dry_run === 1,
        startedAt: r.started_at,
        tokens: r.tokens,
      }))
    },
  }
}
