/**
 * Built-in plugin `queue`: provides the `queue` service, checks its options' periodic
 * tasks at boot, starts the scheduler and workers when `timmy serve` starts (a `serve` tap) and
 * shuts them down gracefully when the host closes.
 */

import { definePlugin } from '../../core/plugin.js'
import { checkPeriodicTasks } from './check-periodic-tasks.js'
import { checkTask } from './check-task.js'
import { commands } from './commands/index.js'
import { type QueueConfig, QueueConfigSchema } from './config-schema.js'
import { createHostQueue } from './host-queue.js'
import { parseCron } from './parse-cron.js'

export default definePlugin({
  name: 'queue',
  version: '0.1.0',
  commands,
  provides: ['queue'],
  description: 'Durable task queue and periodic scheduler (the `queue` service).',
  options: QueueConfigSchema,
  movedFrom: 'queue',
  setup(host, options) {
    for (const p of options.periodic) parseCron(p.name ?? p.task, p.cron, p.timezone)
    const queue = createHostQueue(host, options)
    host.provide('queue', queue)
    host.hooks.serve.tapPromise('queue', async () => {
      await queue.start()
    })
    host.onClose(() => queue.stop())
  },
  ready(host) {
    for (const { task } of host.tasks.values()) checkTask(task)
  },
  checkConfig: ({ loaded, options, tasks }) =>
    checkPeriodicTasks(loaded, (options as QueueConfig).periodic, [...tasks.keys()]),
})
