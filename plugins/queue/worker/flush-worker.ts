/**
 * A worker's tick: settle the pending attempts and claim up to the free slots in one transaction,
 * launch what was claimed, prune now and then, release `drain()` waiters when idle, and poll again.
 * Ticks never overlap: a flush asked for while one runs happens right after it.
 */
import { reasonOf } from '../../../core/errors.js'
import type { Settlement, SettleResult } from '../backend.js'
import { launchAttempt } from './launch-attempt.js'
import { releaseIdleWaiters, type WorkerState } from './state.js'

/** Flush on the next turn of the event loop (once, however often asked; after the running one). */
export function queueFlush(st: WorkerState): void {
  if (st.flushQueued) return
  st.flushQueued = true
  if (!st.flushing) setImmediate(() => void runFlush(st))
}

async function runFlush(st: WorkerState): Promise<void> {
  let done!: () => void
  st.flushing = new Promise<void>((resolve) => (done = resolve))
  try {
    while (st.flushQueued) await flushWorker(st)
  } finally {
    st.flushing = undefined
    done()
  }
}

/** One tick: settle, claim, launch, prune, wake idle waiters, schedule the next poll. */
async function flushWorker(st: WorkerState): Promise<void> {
  st.flushQueued = false
  const settlements = st.pending
  st.pending = []
  const free = st.started && !st.stopping ? st.opts.concurrency - st.running.size : 0
  const t = st.queue.now()
  let result: SettleResult
  try {
    result = await settleAndClaim(st, settlements, free, t)
  } catch (err) {
    st.pending = settlements.concat(st.pending)
    st.queue.log?.error({ err: reasonOf(err) }, 'queue: claim failed; retrying after the poll interval')
    await schedulePoll(st)
    return
  }
  reportLost(st, settlements, result.applied)
  for (const job of result.claimed) launchAttempt(st, job)
  await pruneFinished(st, settlements.length, t)
  // idle, and no flush asked for since this tick read (a drain() or a wake during it): waiters may go
  if (result.claimed.length === 0 && st.running.size === 0 && st.pending.length === 0 && !st.flushQueued)
    releaseIdleWaiters(st)
  if (result.claimed.length < free) await schedulePoll(st)
}

/** An idle poll reads first and takes the write lock only when there is something to claim. */
async function settleAndClaim(
  st: WorkerState,
  settlements: Settlement[],
  free: number,
  t: number,
): Promise<SettleResult> {
  const { backend } = st.queue
  const { opts, tokenPrefix } = st
  const idle = settlements.length === 0 && (free === 0 || !(await backend.hasWork(t)))
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
async function pruneFinished(st: WorkerState, settled: number, t: number): Promise<void> {
  st.settledSincePrune += settled
  if (st.settledSincePrune >= 2000 || (t - st.lastPrune >= 1000 && st.settledSincePrune > 0)) {
    st.lastPrune = t
    const limit = st.settledSincePrune + 1000
    st.settledSincePrune = 0
    try {
      await st.queue.backend.prune(t, limit)
    } catch {}
  }
}

/**
 * Poll again after `pollIntervalMs`, or sooner when a queued job is due sooner. A backend that
 * announces new work (`onWork`: PostgreSQL NOTIFY, the SQLite doorbell) wakes the worker at once, so
 * while it can (`canWake`) the idle poll only looks for expired leases and missed wakes: every
 * `leaseMs`, at most every 5 s (never more often than `pollIntervalMs`).
 */
export async function schedulePoll(st: WorkerState): Promise<void> {
  if (!st.opts.poll || st.stopping || !st.started) return
  const { backend } = st.queue
  const wakes = st.remoteWakes && (backend.canWake?.() ?? true)
  let wait = wakes
    ? Math.max(st.opts.pollIntervalMs, Math.min(5000, st.opts.leaseMs))
    : st.opts.pollIntervalMs
  let next: number | undefined
  try {
    next = await backend.nextRunAt()
  } catch {}
  if (st.stopping || !st.started) return
  if (next !== undefined) wait = Math.max(1, Math.min(wait, next - st.queue.now()))
  clearTimeout(st.pollTimer)
  st.pollTimer = setTimeout(() => queueFlush(st), wait)
}
