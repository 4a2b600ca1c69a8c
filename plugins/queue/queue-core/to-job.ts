/** A stored job row as the public `Job` (ISO times, parsed JSON, absent fields left out). */
import type { JobRow } from '../backend.js'
import type { Job } from '../queue-types.js'

export function toJob(row: JobRow): Job {
  const iso = (t: number | null) => (t === null ? undefined : new Date(t).toISOString())
  const job: Job = {
    id: row.id,
    task: row.task,
    args: JSON.parse(row.args),
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    maxRetries: row.max_retries,
    runAt: iso(row.run_at)!,
    createdAt: iso(row.created_at)!,
  }
  const extra: Partial<Job> = {
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    expiresAt: iso(row.expires_at),
    idempotencyKey: row.idem_key ?? undefined,
    lock: row.lock_key ?? undefined,
    worker: row.worker ?? undefined,
    leaseUntil: row.state === 'running' ? iso(row.lease_until) : undefined,
    result: row.result === null ? undefined : JSON.parse(row.result),
    error: row.error === null ? undefined : JSON.parse(row.error),
    waiting: row.state === 'queued' && row.waiting ? JSON.parse(row.waiting) : undefined,
  }
  for (const [k, v] of Object.entries(extra))
    if (v !== undefined) (job as unknown as Record<string, unknown>)[k] = v
  return job
}
