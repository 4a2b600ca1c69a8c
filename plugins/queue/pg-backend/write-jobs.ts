/**
 * The PostgreSQL backend's writes: insert, settle-and-claim (one transaction: settlements, then
 * claims, then a NOTIFY when a settlement made work ready now), lease renewal (a compare-and-swap on
 * each token), pause and resume (a resume NOTIFYs), revoke, retry and wake.
 */
import type { ClaimRequest, QueueBackend, Settlement, SettleResult } from '../backend.js'
import { claimJobs } from './claim-jobs.js'
import { insertJob } from './insert-job.js'
import { reapLeases } from './reap-leases.js'
import { NOTIFY_CHANNEL } from './schema.js'
import { settleJobs } from './settle-jobs.js'
import { inTransaction, type PgBackendState } from './state.js'
import { requeueJob, revokeJob, wakeJobs } from './steer-job.js'

type Writes = Pick<
  QueueBackend,
  'insert' | 'settleAndClaim' | 'renew' | 'revoke' | 'retry' | 'setPaused' | 'wake'
>

export function writeJobs(st: PgBackendState): Writes {
  const { pool } = st
  return {
    insert: (job) => insertJob(pool, job),
    settleAndClaim: (settlements, req, now) => settleAndClaim(st, settlements, req, now),
    async renew(leases, leaseUntil) {
      if (leases.length === 0) return []
      const { rows } = await pool.query<{ id: number }>(
        `UPDATE queue_jobs j SET lease_until = $1 FROM unnest($2::bigint[], $3::text[]) AS v(id, token)
         WHERE j.id = v.id AND j.lease_token = v.token AND j.state = 'running' RETURNING j.id`,
        [leaseUntil, leases.map((l) => l.id), leases.map((l) => l.token)],
      )
      const kept = new Set(rows.map((r) => r.id))
      return leases.filter((l) => !kept.has(l.id)).map((l) => l.id)
    },
    revoke: (id, now, resultTtlMs) => revokeJob(pool, id, now, resultTtlMs),
    retry: (id, now) => requeueJob(pool, id, now),
    async setPaused(task, paused, now) {
      if (paused)
        await pool.query(
          'INSERT INTO queue_paused (task, since) VALUES ($1, $2) ON CONFLICT (task) DO NOTHING',
          [task, now],
        )
      else
        await pool.query(
          `WITH d AS (DELETE FROM queue_paused WHERE task = $1 RETURNING 1)
        SELECT CASE WHEN EXISTS (SELECT 1 FROM d) THEN pg_notify('${NOTIFY_CHANNEL}', '') END`,
          [task],
        )
    },
    wake: (key, now) => wakeJobs(pool, key, now),
  }
}

async function settleAndClaim(
  st: PgBackendState,
  settlements: readonly Settlement[],
  req: ClaimRequest | undefined,
  now: number,
): Promise<SettleResult> {
  if (req && req.limit > 0) await reapLeases(st, now)
  return inTransaction(st.pool, async (c): Promise<SettleResult> => {
    const applied = settlements.length ? await settleJobs(c, settlements, now, st.ttl) : []
    const claimed = req && req.limit > 0 ? await claimJobs(st, c, req, now) : []
    if (
      settlements.some(
        (s) => s.kind === 'release' || ((s.kind === 'retry' || s.kind === 'defer') && s.runAt <= now),
      )
    )
      await c.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`)
    return { applied, claimed }
  })
}
