/** Claim up to `req.limit` ready jobs (expiring stale ones, skipping held locks) and take their leases. */
import type { ClaimedJob, ClaimRequest } from '../backend.js'
import { reapLeases } from './reap-leases.js'
import type { Candidate, SqliteBackendState } from './state.js'

export function claimJobs(st: SqliteBackendState, req: ClaimRequest, now: number): ClaimedJob[] {
  const { q } = st
  reapLeases(st, now)
  const candidates = readCandidates(st, req, now)
  const out: ClaimedJob[] = []
  const locks = new Set<string>()
  const prefix = `${req.tokenPrefix}${++st.tokenSeq}:`
  for (const c of candidates) {
    if (out.length >= req.limit) break
    if (c.expiresAt !== null && c.expiresAt <= now) {
      q.expire.run(now, now + st.ttl, c.id)
      continue
    }
    if (c.lockKey !== null) {
      if (locks.has(c.lockKey) || q.lockHeld.get(c.lockKey)) continue
      locks.add(c.lockKey)
    }
    out.push({
      id: c.id,
      task: c.task,
      args: c.args,
      attempts: c.attempts + 1,
      maxRetries: c.maxRetries,
      retryDelayMs: c.retryDelayMs,
      timeoutMs: c.timeoutMs,
      token: prefix + c.id,
      scheduledFor: c.scheduledFor,
    })
  }
  if (out.length > 0)
    q.take.run(prefix, now + req.leaseMs, req.worker, now, JSON.stringify(out.map((j) => j.id)))
  return out
}

/** The one job asked for (immediate mode), or the ready jobs in claim order (unpaused ones when any task is paused). */
function readCandidates({ q }: SqliteBackendState, req: ClaimRequest, now: number): Candidate[] {
  if (req.onlyId !== undefined) {
    const one = q.one.get(req.onlyId) as Candidate | undefined
    return one ? [one] : []
  }
  const stmt = (q.pausedCount.get() as number) > 0 ? q.readyUnpaused : q.ready
  return stmt.all(now, req.limit + 8) as Candidate[]
}
