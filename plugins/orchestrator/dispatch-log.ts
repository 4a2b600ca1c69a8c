/** What the orchestrator has dispatched: one row per issue it handed to a lane, with its outcome. */
import type { Store } from '../../core/store/store.js'

export interface DispatchRow {
  repo: string
  issue: number
  lane: string
  status: 'running' | 'done' | 'failed' | 'skipped'
  outcome: string | null
  pull: number | null
  started_at: number
  finished_at: number | null
}

export function migrateDispatchLog(store: Store): void {
  store.migrate('orchestrator.dispatch', [
    `CREATE TABLE orchestrator_dispatches (
       repo TEXT NOT NULL, issue INTEGER NOT NULL, lane TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT,
       pull INTEGER, started_at INTEGER NOT NULL, finished_at INTEGER, PRIMARY KEY (repo, issue))`,
  ])
}

export function dispatchLog(store: Store) {
  const db = store.db
  return {
    get: (repo: string, issue: number) =>
      db.prepare('SELECT * FROM orchestrator_dispatches WHERE repo = ? AND issue = ?').get(repo, issue) as
        | DispatchRow
        | undefined,
    running: (lane: string) =>
      (
        db
          .prepare("SELECT count(*) AS n FROM orchestrator_dispatches WHERE lane = ? AND status = 'running'")
          .get(lane) as { n: number }
      ).n,
    start: (repo: string, issue: number, lane: string, now: number) =>
      db
        .prepare(
          `INSERT INTO orchestrator_dispatches (repo, issue, lane, status, started_at) VALUES (?, ?, ?, 'running', ?)
           ON CONFLICT(repo, issue) DO UPDATE SET lane = excluded.lane, status = 'running', outcome = NULL, started_at = excluded.started_at, finished_at = NULL`,
        )
        .run(repo, issue, lane, now),
    finish: (repo: string, issue: number, status: DispatchRow['status'], outcome: string, now: number) =>
      db
        .prepare(
          'UPDATE orchestrator_dispatches SET status = ?, outcome = ?, finished_at = ? WHERE repo = ? AND issue = ?',
        )
        .run(status, outcome, now, repo, issue),
    linkPull: (repo: string, issue: number, pull: number) =>
      db
        .prepare('UPDATE orchestrator_dispatches SET pull = ? WHERE repo = ? AND issue = ?')
        .run(pull, repo, issue),
    all: () => db.prepare('SELECT * FROM orchestrator_dispatches ORDER BY started_at').all() as DispatchRow[],
  }
}
