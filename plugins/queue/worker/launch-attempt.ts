/** Start running a claimed job; when it ends, queue its settlement for the next flush. Starts lease renewal. */
import type { ClaimedJob, Settlement } from '../backend.js'
import { runAttempt } from '../run-attempt.js'
import { queueFlush } from './flush-worker.js'
import { renewLeases } from './renew-leases.js'
import type { Running, WorkerState } from './state.js'

export function launchAttempt(st: WorkerState, job: ClaimedJob): void {
  const a: Running = { job }
  st.running.set(job.id, a)
  const out = runAttempt(a, st.queue.task(job.task), st.env)
  if (!(out instanceof Promise)) {
    finishAttempt(st, a, out)
    return
  }
  a.done = out.then((settlement) => finishAttempt(st, a, settlement))
  if (!st.renewTimer) {
    st.renewTimer = setInterval(() => void renewLeases(st), Math.max(10, Math.floor(st.opts.leaseMs / 3)))
    st.renewTimer.unref()
  }
}

/** An attempt ended: keep its settlement (none when its lease was lost) and ask for a flush. */
function finishAttempt(st: WorkerState, a: Running, settlement: Settlement | undefined): void {
  st.running.delete(a.job.id)
  if (settlement) st.pending.push(settlement)
  st.emitter.emit('settled', { id: a.job.id, kind: settlement?.kind ?? 'lost' })
  queueFlush(st)
}
