/** Insert one job row; an idempotency key already used returns the existing job's id (not created). */
import type { NewJob } from '../backend.js'
import type { SqliteBackendState } from './state.js'

export function insertJob({ q }: SqliteBackendState, job: NewJob): { id: number; created: boolean } {
  const info = q.insert.run(
    job.task,
    job.args,
    job.priority,
    job.maxRetries,
    job.retryDelayMs,
    job.timeoutMs,
    job.runAt,
    job.createdAt,
    job.expiresAt,
    job.idemKey,
    job.lockKey,
    job.scheduledFor,
  )
  if (info.changes === 1) return { id: Number(info.lastInsertRowid), created: true }
  return { id: Number(q.byIdem.get(job.task, job.idemKey)), created: false }
}
