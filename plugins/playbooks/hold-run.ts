/**
 * Budget holds for queued runs: before a `playbooks.run` job (or a scheduled `playbooks.run.<name>`)
 * runs, ask the `budget` service whether a budget holds the playbook's pipeline or lane; if one does,
 * the job is deferred — back in the queue unrun, due at the end of the holding window, listed as
 * waiting with the budget's reason — rather than started and vetoed. Without a budget plugin nothing
 * is held.
 */

import type { BudgetService } from '../budget/service.js'
import { JobDeferred } from '../queue/defer-job.js'
import type { LoadedPlaybook } from './load-playbook.js'

export async function deferIfHeld(budget: BudgetService | undefined, pb: LoadedPlaybook): Promise<void> {
  if (!budget) return
  const holds = await budget.paused({ playbook: pb.name, lane: pb.lane.name })
  if (holds.length === 0) return
  // Due when the last holding window ends; a budget freed sooner wakes the run through its key.
  const last = holds.reduce((a, b) => (b.until > a.until ? b : a))
  throw new JobDeferred({
    until: last.until,
    reason: holds.map((h) => h.reason).join('; '),
    key: last.key,
  })
}
