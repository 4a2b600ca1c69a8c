/**
 * Built-in plugin `queue`: provides the `queue` service, checks its options' periodic
 * tasks at boot, starts the scheduler and workers when `timmy serve` starts (a `serve` tap) and
 * shuts them down gracefully when the host closes.
 */

import { definePlugin } from '../../core/plugin.js'
// checkConfig is synchronous (core/plugin.ts), so its check is imported here.
import { checkPeriodicTasks } from './check-periodic-tasks.js'
import { commands } from './commands/index.js'
import { type QueueConfig, QueueConfigSchema } from './config-schema.js'

export default definePlugin({
  name: 'queue',
  version: '0.1.0',
  commands,
  provides: ['queue'],
  // with store.url its tables live on the fleet's PostgreSQL server, on the postgres service's pool
  optionalNeeds: ['postgres'],
  description: 'Durable task queue and periodic scheduler (the `queue` service).',
  options: QueueConfigSchema,
  movedFrom: 'queue',
  async setup(host, options) {
    const { setupQueue } = await import('./setup.js')
    return setupQueue(host, options)
  },
  async ready(host) {
    const { readyQueue } = await import('./setup.js')
    return readyQueue(host)
  },
  checkConfig: ({ loaded, options, tasks }) =>
    checkPeriodicTasks(loaded, (options as QueueConfig).periodic, [...tasks.keys()]),
})
