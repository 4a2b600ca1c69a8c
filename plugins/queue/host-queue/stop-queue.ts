/** Stop the scheduler, then the worker (running jobs get up to `graceMs`, the rest are released). */
import type { HostQueueState } from './state.js'

export async function stopQueue(st: HostQueueState, graceMs: number | undefined): Promise<void> {
  st.scheduler?.stop()
  st.scheduler = undefined
  const w = st.worker
  st.worker = undefined
  await w?.stop(graceMs)
}
