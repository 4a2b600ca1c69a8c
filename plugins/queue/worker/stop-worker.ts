/** Stop claiming; wait up to `graceMs` for running jobs, interrupt the rest, write what is pending. */
import { releaseIdleWaiters, type WorkerState } from './state.js'

export async function stopWorker(st: WorkerState, graceMs: number): Promise<void> {
  const { running } = st
  if (!st.started) return
  st.stopping = true
  st.unsubscribe?.()
  clearTimeout(st.pollTimer)
  // A tick in flight may still launch what it claimed: let it end first.
  await flushesDone(st)
  if (running.size > 0) {
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))
    await Promise.race([Promise.all([...running.values()].map((r) => r.done)), grace])
    clearTimeout(timer)
    for (const r of running.values()) r.interrupt?.('shutdown', new Error('shutdown'))
    await Promise.all([...running.values()].map((r) => r.done))
  }
  clearInterval(st.renewTimer)
  st.renewTimer = undefined
  await flushesDone(st)
  clearTimeout(st.pollTimer)
  const settlements = st.pending
  st.pending = []
  if (settlements.length) await st.queue.backend.settleAndClaim(settlements, undefined, st.queue.now())
  st.started = false
  releaseIdleWaiters(st)
}

/** Wait until no tick runs and none is queued. */
async function flushesDone(st: WorkerState): Promise<void> {
  while (st.flushing || st.flushQueued) await (st.flushing ?? new Promise((resolve) => setImmediate(resolve)))
}
