/** Revoke a job; true when it was queued or running (false when it had already finished). */
import { E } from '../errors.js'
import type { JobId } from '../queue-types.js'
import type { QueueState } from './state.js'

export async function revokeJob({ backend, now, settings }: QueueState, id: JobId): Promise<boolean> {
  const before = await backend.revoke(id, now(), settings.resultTtlMs)
  if (before === undefined) throw E.QUEUE_JOB_NOT_FOUND({ id: String(id) })
  return before === 'queued' || before === 'running'
}
