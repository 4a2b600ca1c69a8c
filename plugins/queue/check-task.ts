/**
 * Checks a task a plugin registers (`definePlugin({ tasks })`, `host.registerTask`) at boot, so a bad
 * cron expression or time zone fails at start with a coded error naming the plugin, not at the
 * first tick. Called by the queue plugin's `ready`, once every plugin registered its tasks.
 */
import type { PluginTask } from '../../core/plugin.js'
import { parseCron } from './parse-cron.js'

export function checkTask(task: PluginTask): void {
  if (task.schedule !== undefined) parseCron(task.name, task.schedule, task.timezone)
}
