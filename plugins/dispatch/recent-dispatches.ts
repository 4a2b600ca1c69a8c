/**
 * The last agent run per issue (table `dispatch_recent`), so a playbook that fires again for the same
 * issue (every label change of a `bug` issue is an `issues.labeled` event) does not start another
 * agent within `redispatchAfterMs`; an agent still running is never doubled.
 */
import type { Store } from '../../core/store/store.js'

export interface RecentDispatch {
  repo: string
  issue: number
  started_at: number
  finished_at: number | null
  outcome: string | null
}

export function recentDispatches(store: Store) {
  store.migrate('dispatch.recent', [
    `CREATE TABLE dispatch_recent (
       repo TEXT NOT NULL COLLATE NOCASE, issue INTEGER NOT NULL, started_at INTEGER NOT NULL,
       finished_at INTEGER, outcome TEXT, PRIMARY KEY (repo, issue))`,
  ])
  const db = store.db
  const get = db.prepare('SELECT * FROM dispatch_recent WHERE repo = ? AND issue = ?')
  const start = db.prepare(
    `INSERT INTO dispatch_recent (repo, issue, started_at) VALUES (?, ?, ?)
     ON CONFLICT(repo, issue) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, outcome = NULL`,
  )
  const finish = db.prepare(
    'UPDATE dispatch_recent SET finished_at = ?, outcome = ? WHERE repo = ? AND issue = ?',
  )
  return {
    get: (repo: string, issue: number) => get.get(repo, issue) as RecentDispatch | undefined,
    start: (repo: string, issue: number, now: number) => void start.run(repo, issue, now),
    finish: (repo: string, issue: number, now: number, outcome: string) =>
      void finish.run(now, outcome, repo, issue),
  }
}

/** Why `repo#issue` must wait, or undefined: an agent runs on it, or one ran less than `afterMs` ago. */
export function recentReason(
  row: RecentDispatch | undefined,
  now: number,
  afterMs: number,
): string | undefined {
  if (!row) return undefined
  const ref = `${row.repo}#${row.issue}`
  if (row.finished_at === null && now - row.started_at < afterMs)
    return `skipped: an agent is already working on ${ref}`
  const since = row.finished_at ?? row.started_at
  if (now - since >= afterMs) return undefined
  const minutes = Math.max(1, Math.round((afterMs - (now - since)) / 60_000))
  return `skipped: an agent worked on ${ref} ${Math.round((now - since) / 1000)} s ago (${row.outcome ?? 'unfinished'}); the next run may start in ${minutes} min`
}
