/** Make every job deferred under `key` due now and wake local workers when any was; returns how many. */
import { notifyListeners, type QueueState } from './state.js'

export async function wakeJobs(st: QueueState, key: string): Promise<number> {
  const n = await st.backend.wake(key, st.now())
  if (n > 0) notifyListeners(st)
  return n
}
