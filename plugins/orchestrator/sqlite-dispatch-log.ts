/** The dispatch log in the host's SQLite store. */
import type { Store } from '../../core/store/store.js'
import type { DispatchLog, DispatchRow } from './dispatch-log.js'

export function openSqliteDispatchLog(store: Store): DispatchLog {
  store.migrate('orchestrator.dispatch', [
    `CREATE TABLE orchestrator_dispatches (
       repo TEXT NOT NULL, issue INTEGER NOT NULL, lane TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT,
       pull INTEGER, started_at INTEGER NOT NULL, finished_at INTEGER, PRIMARY KEY (repo, issue))`,
  ])
  const db = store.db
  const get = db.prepare('SELECT * FROM orchestrator_dispatches WHERE repo = ? AND issue = ?')
  const running = db.prepare(
    "SELECT count(*) AS n FROM orchestrator_dispatches WHERE lane = ? AND status = 'running'",
  )
  const start = db.prepare(
    `INSERT INTO orchestrator_dispatches (repo, issue, lane, status, started_at) VALUES (?, ?, ?, 'running', ?)
     ON CONFLICT(repo, issue) DO UPDATE SET lane = excluded.lane, status = 'running', outcome = NULL, started_at = excluded.started_at, finished_at = NULL`,
  )
  const finish = db.prepare(
    'UPDATE orchestrator_dispatches SET status = ?, outcome = ?, finished_at = ? WHERE repo = ? AND issue = ?',
  )
  const linkPull = db.prepare('UPDATE orchestrator_dispatches SET pull = ? WHERE repo = ? AND issue = ?')
  const all = db.prepare('SELECT * FROM orchestrator_dispatches ORDER BY started_at')
  return {
    get: async (repo, issue) => get.get(repo, issue) as DispatchRow | undefined,
    running: async (lane) => (running.get(lane) as { n: number }).n,
    async start(repo, issue, lane, now) {
      start.run(repo, issue, lane, now)
    },
    async finish(repo, issue, status, outcome, now) {
      finish.run(status, outcome, now, repo, issue)
    },
    async linkPull(repo, issue, pull) {
      linkPull.run(pull, repo, issue)
    },
    all: async () => all.all() as DispatchRow[],
  }
}
