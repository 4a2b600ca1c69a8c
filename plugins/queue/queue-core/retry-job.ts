/** Queue a failed, revoked or expired job again; any other state is a coded error. */
import { E } from '../errors.js'
import type { JobId } from '../queue-types.js'
import { notifyListeners, type QueueState } from './state.js'

export async function retryJob(st: QueueState, id: JobId): Promise<void> {
  const row = await st.backend.get(id)
  if (!row) throw E.QUEUE_JOB_NOT_FOUND({ id: String(id) })
  if (row.state !== 'failed' && row.state !== 'revoked' && row.state !== 'expired')
    throw E.QUEUE_BAD_STATE({ id: String(id), state: row.state, action: 'retried' })
  await st.backend.retry(id, st.now())
  notifyListeners(st)
}
