/** Revoke a queued or running job, or queue a finished (not done) one again; each one statement, returning the state before. */
import type { JobState } from '../queue-types.js'
import { NOTIFY_CHANNEL } from './schema.js'
import type { Queryable } from './state.js'

export async function revokeJob(
  c: Queryable,
  id: number,
  now: number,
  ttl: number,
): Promise<JobState | undefined> {
  const { rows } = await c.query<{ state: JobState }>(
    `WITH old AS (SELECT id, state FROM queue_jobs WHERE id = $1 FOR UPDATE),
       upd AS (UPDATE queue_jobs j SET state = 'revoked', finished_at = $2, lease_until = NULL, prune_at = $3
               FROM old WHERE j.id = old.id AND old.state IN ('queued', 'running'))
     SELECT state FROM old`,
    [id, now, now + ttl],
  )
  return rows[0]?.state
}

export async function requeueJob(c: Queryable, id: number, now: number): Promise<JobState | undefined> {
  const { rows } = await c.query<{ state: JobState; changed: boolean }>(
    `WITH old AS (SELECT id, state FROM queue_jobs WHERE id = $1 FOR UPDATE),
       upd AS (UPDATE queue_jobs j SET state = 'queued', attempts = 0, run_at = $2, finished_at = NULL, prune_at = NULL,
                 lease_token = NULL, lease_until = NULL, error = NULL, result = NULL, expires_at = NULL
               FROM old WHERE j.id = old.id AND old.state IN ('failed', 'revoked', 'expired')
               RETURNING j.id)
     SELECT state, EXISTS (SELECT 1 FROM upd) AS changed FROM old`,
    [id, now],
  )
  if (rows[0]?.changed) await c.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`)
  return rows[0]?.state
}

/** Make every queued job deferred under `key` due at `now` (and wake listening workers); returns how many. */
export async function wakeJobs(c: Queryable, key: string, now: number): Promise<number> {
  const { rowCount } = await c.query(
    `UPDATE queue_jobs SET run_at = least(run_at, $1) WHERE state = 'queued' AND wait_key = $2`,
    [now, key],
  )
  if (rowCount) await c.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`)
  return rowCount ?? 0
}
