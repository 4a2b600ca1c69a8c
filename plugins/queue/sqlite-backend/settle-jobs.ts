/** Settle finished attempts: completions in one statement, retries, failures and releases one by one (they are rare). */
import type { Settlement } from '../backend.js'
import type { SqliteBackendState } from './state.js'

export function settleJobs(
  st: SqliteBackendState,
  settlements: readonly Settlement[],
  now: number,
): boolean[] {
  const completes = settlements.filter((s) => s.kind === 'complete')
  let done: Set<number> | undefined
  if (completes.length > 1) {
    const rows = JSON.stringify(completes.map((c) => [c.id, c.token, c.result]))
    done = new Set(st.q.completeMany.all(now, now + st.ttl, rows) as number[])
  }
  return settlements.map((s) => (done && s.kind === 'complete' ? done.has(s.id) : settleJob(st, s, now)))
}

/** Apply one settlement if its token still owns the job (compare-and-swap); false when it no longer does. */
function settleJob({ q, ttl }: SqliteBackendState, s: Settlement, now: number): boolean {
  switch (s.kind) {
    case 'complete':
      return q.complete.run(s.result, now, now + ttl, s.id, s.token).changes === 1
    case 'retry':
      return q.retry.run(s.error, s.runAt, s.id, s.token).changes === 1
    case 'fail':
      return q.fail.run(s.error, now, now + ttl, s.id, s.token).changes === 1
    case 'release':
      return q.release.run(s.id, s.token).changes === 1
    case 'defer':
      return q.defer.run(s.runAt, s.waiting, s.key, s.id, s.token).changes === 1
  }
}
