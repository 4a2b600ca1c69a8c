/** Insert one job row; an idempotency key already used returns the existing job's id (not created). */
import type { NewJob } from '../backend.js'
import type { Queryable } from './state.js'

export async function insertJob(c: Queryable, job: NewJob): Promise<{ id: number; created: boolean }> {
  for (;;) {
    const ins = await c.query<{ id: number }>(
      `INSERT INTO queue_jobs (task, args, state, priority, max_retries, retry_delay_ms, timeout_ms, run_at,
         created_at, expires_at, idem_key, lock_key, scheduled_for)
       VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (task, idem_key) WHERE idem_key IS NOT NULL DO NOTHING RETURNING id`,
      [
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
      ],
    )
    if (ins.rows[0]) return { id: ins.rows[0].id, created: true }
    const old = await c.query<{ id: number }>('SELECT id FROM queue_jobs WHERE task = $1 AND idem_key = $2', [
      job.task,
      job.idemKey,
    ])
    // The holder of the key was pruned between the two statements: insert again.
    if (old.rows[0]) return { id: old.rows[0].id, created: false }
  }
}
