/**
 * A worker's tick: settle the pending attempts and claim up to the free slots in one transaction,
 * launch what was claimed, prune now and then, release `drain()` waiters when idle, and poll again.
 */
import { reasonOf } from '../../../core/errors.js'
import type { Settlement, SettleResult } from '../backend.js'
import { launchAttempt } from './launch-attempt.js'
import { releaseIdleWaiters, type WorkerState } from './state.js'

/** Flush on the next turn of the event loop (once, however often asked). */
export function queueFlush(st: WorkerState): void {
  if (st.flushQueued) return
  st.flushQueued = true
  setImmediate(() => flushWorker(st))
}

/** One tick: settle, claim, launch, prune, wake idle waiters, schedule the next poll. */
export function flushWorker(st: WorkerState): void {
  st.flushQueued = false
  const settlements = st.pending
  st.pending = []
  const free = st.started && !st.stopping ? st.opts.concurrency - st.running.size : 0
  const t = st.queue.now()
  let result: SettleResult
  try {
    result = settleAndClaim(st, settlements, free, t)
  } catch (err) {
    st.pending = settlements.concat(st.pending)
    st.queue.log?.error({ err: reasonOf(err) }, 'queue: claim failed; retrying after the poll interval')
    schedulePoll(st)
    return
  }
  reportLost(st, settlements, result.applied)
  for (const job of result.claimed) launchAttempt(st, job)
  pruneFinished(st, settlements.length, t)
  if (result.claimed.length === 0 && st.running.size === 0 && st.pending.length === 0) releaseIdleWaiters(st)
  if (result.claimed.length < free) schedulePoll(st)
}

/** An idle poll reads first and takes the write lock only when there is something to claim. */
function settleAndClaim(st: WorkerState, settlements: Settlement[], free: number, t: number): SettleResult {
  const { backend } = st.queue
  const { opts, tokenPrefix } = st
  const idle = settlements.length === 0 && (free === 0 || !backend.hasWork(t))
  return idle
    ? { applied: [], claimed: [] }
    : backend.settleAndClaim(
        settlements,
        free > 0 ? { worker: opts.id, limit: free, leaseMs: opts.leaseMs, tokenPrefix } : undefined,
        t,
      )
}

/** Settlements the backend refused: their attempt no longer owned the job. */
function reportLost(st: WorkerState, settlements: Settlement[], applied: boolean[]): void {
  applied.forEach((ok, i) => {
    if (!ok) {
      const s = settlements[i]!
      st.emitter.emit('lost', { id: s.id })
      st.queue.log?.warn(
        { id: s.id },
        'queue: a finished attempt no longer owned its job (lease lost); result discarded',
      )
    }
  })
}

/**
 * Prune finished jobs past their time to live: at least every second, and often enough to keep up
 * with any throughput (the delete is sized to what was settled since).
 */
function pruneFinished(st: WorkerState, settled: number, t: number): void {
  st.settledSincePrune += settled
  if (st.settledSincePrune >= 2000 || (t - st.lastPrune >= 1000 && st.settledSincePrune > 0)) {
    st.lastPrune = t
    try {
      st.queue.backend.prune(t, st.settledSincePrune + 1000)
    } catch {}
    st.settledSincePrune = 0
  }
}

/** Poll again after `pollIntervalMs`, or sooner when a queued job is due sooner. */
export function schedulePoll(st: WorkerState): void {
  if (!st.opts.poll || st.stopping || !st.started) return
  clearTimeout(st.pollTimer)
  let wait = st.opts.pollIntervalMs
  const next = st.queue.backend.nextRunAt()
  if (next !== undefined) wait = Math.max(1, Math.min(wait, next - st.queue.now()))
  st.pollTimer = setTimeout(() => queueFlush(st), wait)
}
