/** Return expired leases to the queue (or fail them when no retries are left), at most every `reapEvery` ms. */
import type { SqliteBackendState } from './state.js'

export function reapLeases(st: SqliteBackendState, now: number): void {
  if (now - st.lastReap < st.reapEvery) return
  st.lastReap = now
  st.q.reapFail.run(now, now + st.ttl, now)
  st.q.reapRetry.run(now, now)
}
