/**
 * Playbook schedules on disk (`on.schedule` of playbooks/*.yaml) against the schedules the running
 * queue holds (`queue.scheduleSpecs()`: each scheduled playbook is the periodic task
 * `playbooks.run.<name>`, registered when timmy started). A playbook edited since then runs on its old
 * schedule until timmy restarts.
 */
import { findScheduledPlaybooks } from '../playbooks/scheduled-playbooks.js'
import { RUN_TASK } from '../playbooks/service/run-tasks.js'
import type { QueueService } from '../queue/host-queue.js'

export interface PlaybookDrift {
  kind: 'playbook-unscheduled' | 'playbook-schedule' | 'playbook-extra'
  id: string
  detail: string
}

const shown = (cron: string, timezone?: string) => `"${cron}"${timezone ? ` (${timezone})` : ''}`

export function comparePlaybookSchedules(
  dir: string,
  queue: Pick<QueueService, 'scheduleSpecs'>,
): { declared: number; drift: PlaybookDrift[] } {
  const declared = findScheduledPlaybooks([dir])
  const prefix = `${RUN_TASK}.`
  const live = new Map(
    queue
      .scheduleSpecs()
      .filter((s) => s.task.startsWith(prefix))
      .map((s) => [s.task.slice(prefix.length), s]),
  )
  const drift: PlaybookDrift[] = []
  for (const p of declared) {
    const q = live.get(p.name)
    live.delete(p.name)
    if (!q)
      drift.push({
        kind: 'playbook-unscheduled',
        id: p.name,
        detail: `playbook declares ${shown(p.schedule, p.timezone)}, the queue has no ${prefix}${p.name}: restart timmy serve`,
      })
    else if (q.cron !== p.schedule || (q.timezone ?? '') !== (p.timezone ?? ''))
      drift.push({
        kind: 'playbook-schedule',
        id: p.name,
        detail: `the queue runs ${shown(q.cron, q.timezone)}, the playbook now says ${shown(p.schedule, p.timezone)}: restart timmy serve`,
      })
  }
  for (const [name, q] of live)
    drift.push({
      kind: 'playbook-extra',
      id: name,
      detail: `the queue runs ${prefix}${name} on ${shown(q.cron, q.timezone)}, no playbook declares it any more: restart timmy serve`,
    })
  return { declared: declared.length, drift }
}
