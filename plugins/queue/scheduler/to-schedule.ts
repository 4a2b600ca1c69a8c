/** A schedule from its spec: the cron parsed, the policy defaulted, the task and args validated now. */
import { parseCron } from '../parse-cron.js'
import type { QueueCore } from '../queue.js'
import type { Schedule, ScheduleSpec } from '../scheduler.js'

export function toSchedule(queue: QueueCore, spec: ScheduleSpec): Schedule {
  const name = spec.name ?? spec.task
  const schedule: Schedule = {
    name,
    task: spec.task,
    cron: parseCron(name, spec.cron, spec.timezone),
    catchUp: spec.catchUp ?? queue.settings.catchUp,
    args: spec.args ?? null,
  }
  if (spec.priority !== undefined) schedule.priority = spec.priority
  // Validate the task and its args now, not at the first instant.
  queue.buildJob(spec.task, schedule.args, {}, null)
  return schedule
}
