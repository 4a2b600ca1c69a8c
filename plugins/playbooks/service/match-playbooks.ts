import type { WorkItem } from '../../../core/hooks.js'
import type { LoadedPlaybook } from '../load-playbook.js'
import { matchesTrigger } from '../match-trigger.js'
import { listPlaybookFiles } from './list-playbook-files.js'
import { loadPlaybookCached } from './load-playbook-cached.js'
import type { PlaybooksState } from './service-state.js'

/** The loaded playbooks whose `on:` matches the item; an invalid playbook is logged and skipped. */
export async function matchPlaybooks(state: PlaybooksState, item: WorkItem): Promise<LoadedPlaybook[]> {
  const out: LoadedPlaybook[] = []
  for (const file of listPlaybookFiles(state)) {
    try {
      const pb = await loadPlaybookCached(state, file)
      if (matchesTrigger(pb.on, item)) out.push(pb)
    } catch (err) {
      state.host.log.warn({ file, code: (err as { code?: string }).code }, 'skipping an invalid playbook')
    }
  }
  return out
}
