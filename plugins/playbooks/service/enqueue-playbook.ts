import type { RunReport, WorkItem } from '../../../core/hooks.js'
import { resolvePlaybookRef } from './resolve-playbook-ref.js'
import { runServicePlaybook } from './run-service-playbook.js'
import { RUN_TASK } from './run-tasks.js'
import type { PlaybooksState } from './service-state.js'

/** A durable, live run through the queue when loaded; otherwise run now, in-process, with effects applied. */
export async function enqueuePlaybook(
  state: PlaybooksState,
  ref: string,
  item: WorkItem,
): Promise<{ queued: true; id?: unknown } | { queued: false; report: RunReport }> {
  const file = resolvePlaybookRef(state, ref)
  const queue = state.host.maybeUse('queue')
  if (queue && typeof queue.enqueue === 'function') {
    const id = await queue.enqueue(
      RUN_TASK,
      { playbook: file, item },
      {
        idempotencyKey: `${file}:${item.id}`,
      },
    )
    return { queued: true, id }
  }
  return { queued: false, report: await runServicePlaybook(state, file, { item, apply: true }) }
}
