/** The queue plugin's setup and ready check (index.ts imports them when the host needs them). */
import type { PluginHost } from '../../core/plugin.js'
import { checkTask } from './check-task.js'
import type { QueueConfig } from './config-schema.js'
import { createHostQueue } from './host-queue.js'
import { parseCron } from './parse-cron.js'

export function setupQueue(host: PluginHost, options: QueueConfig): void {
  for (const p of options.periodic) parseCron(p.name ?? p.task, p.cron, p.timezone)
  const queue = createHostQueue(host, options)
  host.provide('queue', queue)
  host.hooks.serve.tapPromise('queue', async () => {
    await queue.start()
  })
  host.onClose(() => queue.close())
}

/** Every task registered by any plugin is checked once all are set up (its schedule, its options). */
export function readyQueue(host: PluginHost): void {
  for (const { task } of host.tasks.values()) checkTask(task)
}
