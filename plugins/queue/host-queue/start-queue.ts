/** Start this process's worker and/or the scheduler (idempotent), and log what runs. */
import type { StartOptions } from '../host-queue.js'
import { createScheduler } from '../scheduler.js'
import { openCore } from './open-core.js'
import { scheduleSpecs } from './schedule-specs.js'
import type { HostQueueState } from './state.js'

export async function startQueue(st: HostQueueState, start: StartOptions): Promise<void> {
  const { host, config } = st
  const q = await openCore(st)
  const concurrency = start.concurrency ?? config.concurrency
  if (!st.worker && concurrency > 0) {
    st.worker = q.createWorker({ concurrency })
    st.worker.start()
  }
  if (!st.scheduler && (start.scheduler ?? config.scheduler)) {
    st.scheduler = createScheduler(q, scheduleSpecs(host, config), {
      onInvalid: (spec, err) =>
        host.log.error(
          { schedule: spec.name ?? spec.task, code: (err as { code?: string }).code },
          `queue: schedule left out: ${(err as Error).message}`,
        ),
    })
    st.scheduler.start()
  }
  host.log.info(
    { concurrency: st.worker ? concurrency : 0, schedules: st.scheduler?.schedules.length ?? 0 },
    'queue started',
  )
}
