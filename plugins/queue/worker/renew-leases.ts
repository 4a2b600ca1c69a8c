/** Renew the leases of running attempts; abandon those whose lease was lost. Stops itself when nothing runs. */
import { reasonOf } from '../../../core/errors.js'
import type { WorkerState } from './state.js'

export async function renewLeases(st: WorkerState): Promise<void> {
  const { running, emitter } = st
  const log = st.queue.log
  if (running.size === 0) {
    clearInterval(st.renewTimer)
    st.renewTimer = undefined
    return
  }
  const leases = [...running.values()]
    .filter((r) => !r.why)
    .map((r) => ({ id: r.job.id, token: r.job.token }))
  if (st.renewing) return
  st.renewing = true
  let lost: number[]
  try {
    lost = await st.queue.backend.renew(leases, st.queue.now() + st.opts.leaseMs)
  } catch (err) {
    log?.warn({ err: reasonOf(err) }, 'queue: lease renewal failed; will retry')
    return
  } finally {
    st.renewing = false
  }
  for (const id of lost) {
    const r = running.get(id)
    if (!r || r.why) continue
    emitter.emit('lost', { id })
    log?.warn({ id, task: r.job.task }, 'queue: lease lost (revoked or expired); abandoning the job')
    r.interrupt?.('lost', new Error('lease lost'))
  }
}
