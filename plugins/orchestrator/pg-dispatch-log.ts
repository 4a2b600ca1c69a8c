/** The dispatch log on the fleet's PostgreSQL server (the same columns; times are epoch ms in BIGINT). */
import type { PostgresService } from '../postgres/types.js'
import type { DispatchLog, DispatchRow } from './dispatch-log.js'

const MIGRATIONS = [
  `CREATE TABLE orchestrator_dispatches (
     repo TEXT NOT NULL, issue INTEGER NOT NULL, lane TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT,
     pull INTEGER, started_at BIGINT NOT NULL, finished_at BIGINT, PRIMARY KEY (repo, issue));
   CREATE INDEX orchestrator_dispatches_running ON orchestrator_dispatches (lane) WHERE status = 'running'`,
]

export async function openPgDispatchLog(pg: PostgresService): Promise<DispatchLog> {
  await pg.migrate('orchestrator.dispatch', MIGRATIONS)
  const pool = await pg.pool()
  const run = async (sql: string, params: unknown[]) => void (await pool.query(sql, params))
  return {
    get: async (repo, issue) =>
      (
        await pool.query<DispatchRow>(
          'SELECT * FROM orchestrator_dispatches WHERE repo = $1 AND issue = $2',
          [repo, issue],
        )
      ).rows[0],
    running: async (lane) =>
      (
        await pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM orchestrator_dispatches WHERE lane = $1 AND status = 'running'",
          [lane],
        )
      ).rows[0]!.n,
    start: (repo, issue, lane, now) =>
      run(
        `INSERT INTO orchestrator_dispatches (repo, issue, lane, status, started_at) VALUES ($1, $2, $3, 'running', $4)
         ON CONFLICT (repo, issue) DO UPDATE SET lane = excluded.lane, status = 'running', outcome = NULL,
           started_at = excluded.started_at, finished_at = NULL`,
        [repo, issue, lane, now],
      ),
    finish: (repo, issue, status, outcome, now) =>
      run(
        'UPDATE orchestrator_dispatches SET status = $1, outcome = $2, finished_at = $3 WHERE repo = $4 AND issue = $5',
        [status, outcome, now, repo, issue],
      ),
    linkPull: (repo, issue, pull) =>
      run('UPDATE orchestrator_dispatches SET pull = $1 WHERE repo = $2 AND issue = $3', [pull, repo, issue]),
    all: async () =>
      (
        await pool.query<DispatchRow>(
          'SELECT * FROM orchestrator_dispatches ORDER BY started_at, repo, issue',
        )
      ).rows,
  }
}
