/** Enqueue a job and wake local workers; in immediate mode run a newly created job inline until it is final. */

import type { QueueCore } from '../queue.js'
import type { EnqueueOptions, JobId } from '../queue-types.js'
import { createWorker } from '../worker.js'
import { buildJob } from './build-job.js'
import { notifyListeners, type QueueState } from './state.js'

export async function enqueueJob(
  st: QueueState,
  queue: QueueCore,
  name: string,
  args: unknown,
  opts: EnqueueOptions,
): Promise<JobId> {
  const { id, created } = await st.backend.insert(buildJob(st, name, args, opts ?? {}, null))
  if (st.options.immediate) {
    if (created) {
      st.inline ??= createWorker(queue, { concurrency: 1, poll: false })
      await st.inline.runJob(id)
    }
    return id
  }
  notifyListeners(st)
  return id
}
