/** The schedules this host runs: plugin tasks with a `schedule`, then the option `periodic`. */
import type { PluginHost } from '../../../core/plugin.js'
import type { QueueConfig } from '../config-schema.js'
import type { ScheduleSpec } from '../scheduler.js'

export function scheduleSpecs(host: PluginHost, config: QueueConfig): ScheduleSpec[] {
  const specs: ScheduleSpec[] = []
  for (const { task } of host.tasks.values()) {
    if (!task.schedule) continue
    const spec: ScheduleSpec = { task: task.name, cron: task.schedule }
    if (task.timezone) spec.timezone = task.timezone
    if (task.catchUp) spec.catchUp = task.catchUp
    specs.push(spec)
  }
  for (const p of config.periodic) {
    const spec: ScheduleSpec = { name: p.name ?? p.task, task: p.task, cron: p.cron }
    if (p.timezone) spec.timezone = p.timezone
    if (p.catchUp) spec.catchUp = p.catchUp
    if (p.args !== undefined) spec.args = p.args
    if (p.priority !== undefined) spec.priority = p.priority
    specs.push(spec)
  }
  return specs
}
