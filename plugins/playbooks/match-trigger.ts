/** Does a work item trigger a playbook? (`on:` event names, label filter, repo patterns; schedules and manual.) */
import type { WorkItem } from '../../core/hooks.js'
import { matchLaneRepo } from './match-lane-repo.js'
import type { Trigger } from './schema.js'
import { labelsOf } from './work-item.js'

export function matchesTrigger(on: Trigger, item: WorkItem): boolean {
  if (on === 'manual') return item.event === 'manual'
  if ('schedule' in on) return item.event === 'schedule'
  const events = Array.isArray(on.event) ? on.event : [on.event]
  if (!events.some((e) => e === item.event || (e.endsWith('.*') && item.event.startsWith(e.slice(0, -1)))))
    return false
  if (on.labels?.length) {
    const have = new Set(labelsOf(item).map((l) => l.toLowerCase()))
    if (!on.labels.some((l) => have.has(l.toLowerCase()))) return false
  }
  if (on.repos?.length) {
    if (!item.repo || !matchLaneRepo(on.repos, item.repo)) return false
  }
  return true
}
