/**
 * Settle finished attempts inside the caller's transaction: completions in one statement, retries,
 * failures, releases and deferrals one by one. Each is a compare-and-swap on the lease token.
 */
import type { Settlement } from '../backend.js'
import type { Queryable } from './state.js'

const OWNED = `id = $1 AND lease_token = $2 AND state = 'running'`

export async function settleJobs(
  c: Queryable,
  settlements: readonly Settlement[],
  now: number,
  ttl: number,
): Promise<boolean[]> {
  const completes = settlements.filter((s) => s.kind === 'complete')
  let done = new Set<number>()
  if (completes.length > 0) {
    const { rows } = await c.query<{ id: number }>(
      `UPDATE queue_jobs j SET state = 'done', result = v.result, error = NULL, finished_at = $1,
         lease_until = NULL, prune_at = $2
       FROM unnest($3::bigint[], $4::text[], $5::text[]) AS v(id, token, result)
       WHERE j.id = v.id AND j.lease_token = v.token AND j.state = 'running' RETURNING j.id`,
      [
        now,
        now + ttl,
        completes.map((s) => s.id),
        completes.map((s) => s.token),
        completes.map((s) => s.result),
      ],
    )
    done = new Set(rows.map((r) => r.id))
  }
  const out: boolean[] = []
  for (const s of settlements)
    out.push(s.kind === 'complete' ? done.has(s.id) : await settleJob(c, s, now, ttl))
  return out
}

async function settleJob(c: Queryable, s: Settlement, now: number, ttl: number): Promise<boolean> {
  const run = async (set: string, params: unknown[]) =>
    (await c.query(`UPDATE queue_jobs SET ${set} WHERE ${OWNED}`, [s.id, s.token, ...params])).rowCount === 1
  switch (s.kind) {
    case 'complete':
      return run(
        `state = 'done', result = $3, error = NULL, finished_at = $4, lease_until = NULL, prune_at = $5`,
        [s.result, now, now + ttl],
      )
    case 'retry':
      return run(`state = 'queued', error = $3, run_at = $4, lease_token = NULL, lease_until = NULL`, [
        s.error,
        s.runAt,
      ])
    case 'fail':
      return run(`state = 'failed', error = $3, finished_at = $4, lease_until = NULL, prune_at = $5`, [
        s.error,
        now,
        now + ttl,
      ])
    case 'release':
      return run(
        `state = 'queued', attempts = greatest(attempts - 1, 0), lease_token = NULL, lease_until = NULL, worker = NULL`,
        [],
      )
    case 'defer':
      return run(
        `state = 'queued', attempts = greatest(attempts - 1, 0), run_at = $3, waiting = $4, wait_key = $5,
         lease_token = NULL, lease_until = NULL, worker = NULL`,
        [s.runAt, s.waiting, s.key],
      )
  }
}
