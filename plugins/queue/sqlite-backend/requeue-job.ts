/** Queue a failed, revoked or expired job again in one write transaction; returns its state before. */
import type { JobState } from '../queue-types.js'
import type { SqliteBackendState } from './state.js'

export function requeueJob({ store, q }: SqliteBackendState, id: number, now: number): JobState | undefined {
  return store.immediate(() => {
    const state = q.state.get(id) as JobState | undefined
    q.requeue.run(now, id)
    return state
  })
}
