/**
 * Checks a task a plugin registers (`definePlugin({ tasks })`, `host.registerTask`) at boot, so a bad
 * cron expression or time zone fails at start with a coded error naming the plugin, not at the
 * first tick. Called by the host's `registerTask`.
 */
import { E } from '../../core/errors.js'
import type { PluginTask } from '../../core/plugin.js'
import { parseCron } from './parse-cron.js'

export function checkTask(task: PluginTask, plugin: string): void {
  if (!task || typeof task.name !== 'string' || task.name.length === 0 || typeof task.handler !== 'function')
    throw E.PLUGIN_INVALID({ source: plugin, reason: 'a task needs a non-empty name and a handler function' })
  if (task.schedule !== undefined) parseCron(task.name, task.schedule, task.timezone)
  if (task.catchUp !== undefined && !['skip', 'latest', 'all'].includes(task.catchUp))
    throw E.PLUGIN_INVALID({
      source: plugin,
      reason: `task "${task.name}" has catchUp "${String(task.catchUp)}"; use skip, latest or all`,
    })
}
