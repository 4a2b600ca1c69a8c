/** Claim and run one job now, retrying inline until it is final (immediate mode). */
import { runAttempt } from '../run-attempt.js'
import type { Running, WorkerState } from './state.js'

export async function runJob(st: WorkerState, id: number): Promise<void> {
  const { queue, opts, tokenPrefix, running } = st
  const { backend, now } = queue
  for (;;) {
    const { claimed } = await backend.settleAndClaim(
      [],
      { worker: opts.id, limit: 1, leaseMs: opts.leaseMs, tokenPrefix, onlyId: id },
      now(),
    )
    const job = claimed[0]
    if (!job) return
    const r: Running = { job }
    running.set(id, r)
    const settlement = await runAttempt(r, queue.task(job.task), st.env)
    running.delete(id)
    if (!settlement) return
    await backend.settleAndClaim([settlement], undefined, now())
    if (settlement.kind !== 'retry') return
  }
}
