/**
 * Return expired leases to the queue (or fail them when no retries are left), at most every
 * `reapEvery` ms, in one statement (one round trip on the claim path); rows another transaction
 * holds are skipped (no waits, no deadlocks).
 */
import type { PgBackendState } from './state.js'

export async function reapLeases(st: PgBackendState, now: number): Promise<void> {
  if (now - st.lastReap < st.reapEvery) return
  st.lastReap = now
  // The two updates touch disjoint rows (attempts > / <= max_retries) of the one locked set.
  await st.pool.query(
    `WITH expired AS (
       SELECT id, attempts > max_retries AS spent FROM queue_jobs
       WHERE state = 'running' AND lease_until < $1 FOR UPDATE SKIP LOCKED),
     failed AS (
       UPDATE queue_jobs SET state = 'failed', lease_until = NULL, finished_at = $1, prune_at = $2,
         error = '{"code":"TIMMY_ERR_QUEUE_LEASE_EXPIRED","message":"the worker stopped renewing its lease, and no retries were left"}'
       WHERE id IN (SELECT id FROM expired WHERE spent) RETURNING 1),
     requeued AS (
       UPDATE queue_jobs SET state = 'queued', lease_token = NULL, lease_until = NULL, worker = NULL, run_at = $1,
         error = '{"code":"TIMMY_ERR_QUEUE_LEASE_EXPIRED","message":"the worker stopped renewing its lease"}'
       WHERE id IN (SELECT id FROM expired WHERE NOT spent) RETURNING 1)
     SELECT (SELECT count(*) FROM failed) + (SELECT count(*) FROM requeued) AS n`,
    [now, now + st.ttl],
  )
}
