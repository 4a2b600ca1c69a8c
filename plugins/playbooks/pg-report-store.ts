/**
 * Run records on the fleet's PostgreSQL server (the `postgres` service): the same tables as in SQLite,
 * a run and its steps written in one transaction; `seq` orders runs that started in the same
 * millisecond. Pruning to the newest `keep` runs takes an advisory lock, so hosts do not prune at once.
 */
import type { RunReport } from '../../core/hooks.js'
import type { PostgresService } from '../postgres/types.js'
import type { ReportStore, RunSummary } from './report-store.js'

const MIGRATIONS = [
  `CREATE TABLE playbook_runs (
     id TEXT PRIMARY KEY, seq BIGINT GENERATED ALWAYS AS IDENTITY, playbook TEXT NOT NULL, lane TEXT,
     outcome TEXT NOT NULL, dry_run BOOLEAN NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
     input_tokens BIGINT NOT NULL DEFAULT 0, output_tokens BIGINT NOT NULL DEFAULT 0, report TEXT NOT NULL);
   CREATE INDEX playbook_runs_started ON playbook_runs (started_at, seq);
   CREATE TABLE playbook_steps (
     run_id TEXT NOT NULL REFERENCES playbook_runs(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
     step_id TEXT NOT NULL, use TEXT NOT NULL, outcome TEXT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL,
     input_tokens BIGINT NOT NULL DEFAULT 0, output_tokens BIGINT NOT NULL DEFAULT 0, error_code TEXT,
     PRIMARY KEY (run_id, idx))`,
]

export async function openPgReportStore(pg: PostgresService, keep = 1000): Promise<ReportStore> {
  await pg.migrate('playbook', MIGRATIONS)
  const pool = await pg.pool()
  return {
    save: (report) => pg.transaction((c) => saveRun(c, report, keep)),
    async get(id) {
      const { rows } = await pool.query<{ report: string }>(
        'SELECT report FROM playbook_runs WHERE id = $1',
        [id],
      )
      return rows[0] ? (JSON.parse(rows[0].report) as RunReport) : undefined
    },
    async recent(limit = 20) {
      const { rows } = await pool.query<Omit<RunSummary, 'dryRun' | 'startedAt'> & Record<string, any>>(
        `SELECT id, playbook, lane, outcome, dry_run, started_at, input_tokens + output_tokens AS tokens
         FROM playbook_runs ORDER BY started_at DESC, seq DESC LIMIT $1`,
        [limit],
      )
      return rows.map((r) => ({
        id: r.id,
        playbook: r.playbook,
        lane: r.lane,
        outcome: r.outcome,
        dryRun: r.dry_run === true,
        startedAt: r.started_at,
        tokens: r.tokens,
      }))
    },
  }
}

type Client = Parameters<Parameters<PostgresService['transaction']>[0]>[0]

/** The run (replacing one with its id), its steps, then the prune to `keep`. */
async function saveRun(c: Client, report: RunReport, keep: number): Promise<void> {
  await c.query(
    `INSERT INTO playbook_runs (id, playbook, lane, outcome, dry_run, started_at, finished_at, input_tokens, output_tokens, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO UPDATE SET playbook = excluded.playbook, lane = excluded.lane, outcome = excluded.outcome,
       dry_run = excluded.dry_run, started_at = excluded.started_at, finished_at = excluded.finished_at,
       input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, report = excluded.report`,
    [
      report.runId,
      report.playbook,
      report.lane ?? null,
      report.outcome,
      Boolean(report.dryRun),
      report.startedAt,
      report.finishedAt,
      report.tokens?.input ?? 0,
      report.tokens?.output ?? 0,
      JSON.stringify(report),
    ],
  )
  await c.query('DELETE FROM playbook_steps WHERE run_id = $1', [report.runId])
  for (const [i, s] of report.steps.entries())
    await c.query(
      `INSERT INTO playbook_steps (run_id, idx, step_id, use, outcome, duration_ms, input_tokens, output_tokens, error_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        report.runId,
        i,
        s.stepId,
        s.use,
        s.outcome,
        s.durationMs,
        s.usage?.input_tokens ?? 0,
        s.usage?.output_tokens ?? 0,
        s.error?.code ?? null,
      ],
    )
  await c.query(`SELECT pg_advisory_xact_lock(hashtext('timmy.playbook.prune'))`)
  await c.query(
    'DELETE FROM playbook_runs WHERE id IN (SELECT id FROM playbook_runs ORDER BY started_at DESC, seq DESC OFFSET $1)',
    [keep],
  )
}
