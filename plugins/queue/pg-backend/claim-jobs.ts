/**
 * Claim up to `req.limit` ready jobs inside the caller's transaction: candidates are locked with
 * `FOR UPDATE SKIP LOCKED` (a row another claimer holds is skipped, never waited for), expired ones
 * are dropped, a named lock is taken only under a transaction-scoped advisory lock on its key and
 * when no running job holds it, and the chosen rows get their lease in one update.
 */
import type { ClaimedJob, ClaimRequest } from '../backend.js'
import type { PgBackendState, Queryable } from './state.js'

interface Candidate {
  id: number
  task: string
  args: string
  attempts: number
  maxRetries: number
  retryDelayMs: number
  timeoutMs: number
  expiresAt: number | null
  lockKey: string | null
  scheduledFor: number | null
}

const COLUMNS = `id, task, args, attempts, max_retries AS "maxRetries", retry_delay_ms AS "retryDelayMs",
  timeout_ms AS "timeoutMs", expires_at AS "expiresAt", lock_key AS "lockKey", scheduled_for AS "scheduledFor"`

export async function claimJobs(
  st: PgBackendState,
  c: Queryable,
  req: ClaimRequest,
  now: number,
): Promise<ClaimedJob[]> {
  const candidates = await readCandidates(c, req, now)
  const out: ClaimedJob[] = []
  const expired: number[] = []
  const locks = new Set<string>()
  const prefix = `${req.tokenPrefix}${++st.tokenSeq}:`
  for (const cand of candidates) {
    if (out.length >= req.limit) break
    if (cand.expiresAt !== null && cand.expiresAt <= now) {
      expired.push(cand.id)
      continue
    }
    if (cand.lockKey !== null && !(await takeLock(c, cand.lockKey, locks))) continue
    out.push({
      id: cand.id,
      task: cand.task,
      args: cand.args,
      attempts: cand.attempts + 1,
      maxRetries: cand.maxRetries,
      retryDelayMs: cand.retryDelayMs,
      timeoutMs: cand.timeoutMs,
      token: prefix + cand.id,
      scheduledFor: cand.scheduledFor,
    })
  }
  if (expired.length > 0)
    await c.query(
      `UPDATE queue_jobs SET state = 'expired', finished_at = $1, prune_at = $2 WHERE id = ANY($3) AND state = 'queued'`,
      [now, now + st.ttl, expired],
    )
  if (out.length > 0)
    await c.query(
      `UPDATE queue_jobs SET state = 'running', attempts = attempts + 1, lease_token = $1 || id, lease_until = $2,
         worker = $3, started_at = $4, waiting = NULL, wait_key = NULL WHERE id = ANY($5)`,
      [prefix, now + req.leaseMs, req.worker, now, out.map((j) => j.id)],
    )
  return out
}

/** The one job asked for (immediate mode), or the ready jobs of unpaused tasks in claim order, locked. */
async function readCandidates(c: Queryable, req: ClaimRequest, now: number): Promise<Candidate[]> {
  if (req.onlyId !== undefined)
    return (
      await c.query<Candidate>(
        `SELECT ${COLUMNS} FROM queue_jobs WHERE state = 'queued' AND id = $1 FOR UPDATE SKIP LOCKED`,
        [req.onlyId],
      )
    ).rows
  return (
    await c.query<Candidate>(
      `SELECT ${COLUMNS} FROM queue_jobs
       WHERE state = 'queued' AND run_at <= $1 AND task NOT IN (SELECT task FROM queue_paused)
       ORDER BY priority DESC, run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, req.limit + 8],
    )
  ).rows
}

/**
 * At most one running job per lock key: the advisory lock makes claimers of one key take turns (a
 * busy one is skipped), and once it is ours, a running job committed by an earlier claimer is visible.
 */
async function takeLock(c: Queryable, key: string, taken: Set<string>): Promise<boolean> {
  if (taken.has(key)) return false
  const { rows } = await c.query<{ ok: boolean }>(
    `SELECT pg_try_advisory_xact_lock(hashtext('timmy.queue.lock'), hashtext($1)) AS ok`,
    [key],
  )
  if (!rows[0]?.ok) return false
  const held = await c.query(`SELECT 1 FROM queue_jobs WHERE state = 'running' AND lock_key = $1 LIMIT 1`, [
    key,
  ])
  if (held.rowCount) return false
  taken.add(key)
  return true
}
