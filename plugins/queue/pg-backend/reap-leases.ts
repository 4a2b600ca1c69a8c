/**
 * Return expired leases to the queue (or fail them when no retries are left), at most every
 * `reapEvery` ms, each in its own statement; rows another transaction holds are skipped (no waits, no deadlocks).
 */
import type { PgBackendState } from './state.js'

const EXPIRED = `SELECT id FROM queue_jobs WHERE state = 'running' AND lease_until < $1 FOR UPDATE SKIP LOCKED`

export async function reapLeases(st: PgBackendState, now: number): Promise<void> {
  if (now - st.lastReap < st.reapEvery) return
  st.lastReap = now
  await st.pool.query(
    `UPDATE queue_jobs SET state = 'failed', lease_until = NULL, finished_at = $1, prune_at = $2,
       error = '{"code":"TIMMY_ERR_QUEUE_LEASE_EXPIRED","message":"the worker stopped renewing its lease, and no retries were left"}'
     WHERE id IN (${EXPIRED}) AND attempts > max_retries`,
    [now, now + st.ttl],
  )
  await st.pool.query(
    `UPDATE queue_jobs SET state = 'queued', lease_token = NULL, lease_until = NULL, worker = NULL, run_at = $1,
       error = '{"code":"TIMMY_ERR_QUEUE_LEASE_EXPIRED","message":"the worker stopped renewing its lease"}'
     WHERE id IN (${EXPIRED}) AND attempts <= max_retries`,
    [now],
  )
}
