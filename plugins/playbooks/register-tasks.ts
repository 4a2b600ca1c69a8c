/**
 * The queue tasks of the playbooks plugin: one per scheduled project playbook, `work-item` and
 * `playbooks.run`. Handlers import their code when they first run; the playbooks folder is parsed for
 * schedules only when one of its files mentions `schedule`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { TimmyError } from '../../core/errors.js'
import type { WorkItem } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import { RUN_TASK, WORK_ITEM_TASK } from './service/run-tasks.js'
import type { PlaybooksService } from './service.js'

let holdRun: Promise<typeof import('./hold-run.js')> | undefined
const loadHoldRun = () => (holdRun ??= import('./hold-run.js'))

export async function registerPlaybookTasks(host: PluginHost, service: PlaybooksService): Promise<void> {
  await registerScheduledPlaybooks(host, service)
  // A received work item (the gitea receiver enqueues it under `work-item`): every project playbook
  // whose `on:` matches gets its own durable `playbooks.run` job (keyed by playbook and item, so a
  // redelivered item runs nothing twice), or runs now when there is no queue.
  host.registerTask({
    name: WORK_ITEM_TASK,
    description: 'Find the playbooks whose on: matches a work item and enqueue a run of each.',
    async handler(args) {
      const item = args as WorkItem
      const runs: { playbook: string; queued: boolean; id?: unknown; outcome?: string }[] = []
      // Like schedules, events start only the project's playbooks: shipped ones run when named.
      const project = service.dirs()[0]!
      for (const pb of await service.matching(item)) {
        if (dirname(pb.file) !== project) continue
        const r = await service.enqueue(pb.file, item)
        runs.push(
          r.queued
            ? { playbook: pb.name, queued: true, id: r.id }
            : { playbook: pb.name, queued: false, outcome: r.report.outcome },
        )
      }
      host.log.info({ item: item.id, event: item.event, runs: runs.length }, 'work item routed to playbooks')
      return { item: item.id, event: item.event, runs }
    },
  })
  host.registerTask({
    name: RUN_TASK,
    description: 'Run a playbook for a work item, applying its effects (durable runs).',
    async handler(args, ctx) {
      const { playbook, item } = args as { playbook: string; item: WorkItem }
      const { deferIfHeld } = await loadHoldRun()
      await deferIfHeld(host.maybeUse('budget'), await service.load(playbook))
      const report = await service.run(playbook, { item, apply: true, signal: ctx.signal })
      return { runId: report.runId, outcome: report.outcome }
    },
  })
}

/**
 * The project's scheduled playbooks become periodic queue tasks (run and applied at each instant the
 * queue fires). timmy's shipped playbooks are only run on request: copy one into the playbooks dir to schedule it.
 */
async function registerScheduledPlaybooks(host: PluginHost, service: PlaybooksService): Promise<void> {
  const dirs = service.dirs().slice(0, 1)
  if (!dirs.some(mentionsSchedule)) return
  const { findScheduledPlaybooks } = await import('./scheduled-playbooks.js')
  const skipSchedule = (err: TimmyError) => host.log.warn({ code: err.code }, err.message)
  for (const pb of findScheduledPlaybooks(dirs, skipSchedule)) {
    host.registerTask({
      name: `${RUN_TASK}.${pb.name}`,
      description: `Run playbook ${pb.name} on its schedule.`,
      schedule: pb.schedule,
      ...(pb.timezone ? { timezone: pb.timezone } : {}),
      catchUp: 'latest',
      async handler(_args, ctx) {
        const { deferIfHeld } = await loadHoldRun()
        await deferIfHeld(host.maybeUse('budget'), await service.load(pb.file))
        const { workItemFrom } = await import('./work-item.js')
        const item = workItemFrom({
          event: 'schedule',
          source: 'schedule',
          payload: { schedule: pb.schedule },
        })
        const report = await service.run(pb.file, { item, apply: true, signal: ctx.signal })
        return { runId: report.runId, outcome: report.outcome }
      },
    })
  }
}

/** Whether some playbook file of the folder has the word `schedule` (no file without it can have `on: { schedule }`). */
function mentionsSchedule(dir: string): boolean {
  if (!existsSync(dir)) return false
  return readdirSync(dir).some((f) => {
    if (!/\.ya?ml$/i.test(f) || /^lanes\.ya?ml$/i.test(f)) return false
    try {
      return readFileSync(join(dir, f), 'utf8').includes('schedule')
    } catch {
      return false
    }
  })
}
