/** Job rows newest first, filtered by state and task. */
import type { Database } from '../../../core/store/store.js'
import type { JobRow } from '../backend.js'
import type { JobState } from '../queue-types.js'

export function listJobs(
  db: Database,
  { state, task, limit }: { state?: JobState; task?: string; limit: number },
): JobRow[] {
  const where: string[] = []
  const params: unknown[] = []
  if (state) where.push('state = ?') && params.push(state)
  if (task) where.push('task = ?') && params.push(task)
  const sql = `SELECT * FROM queue_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
  return db.prepare(sql).all(...params, limit) as JobRow[]
}
