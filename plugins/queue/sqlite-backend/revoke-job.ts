/** Revoke a queued or running job in one write transaction; returns its state before. */
import type { JobState } from '../queue-types.js'
import type { SqliteBackendState } from './state.js'

export function revokeJob(
  { store, q }: SqliteBackendState,
  id: number,
  now: number,
  resultTtlMs: number,
): JobState | undefined {
  return store.immediate(() => {
    const state = q.state.get(id) as JobState | undefined
    if (state === 'queued' || state === 'running') q.revokeQueued.run(now, now + resultTtlMs, id)
    return state
  })
}
