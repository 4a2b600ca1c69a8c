/**
 * deadman: detect a silent agent and restart it — bounded, backed off, never a runaway.
 * Provides the `deadman` service (DeadmanService), `timmy deadman …`, the `heartbeat` (every minute)
 * and `heartbeat_heavy` (every 30 min) tasks, and, in `timmy serve` without a queue, its own loop.
 */

import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { DeadmanOptionsSchema } from './options.js'

export type * from './types.js'

export default definePlugin({
  name: 'deadman',
  version: '0.1.0',
  provides: ['deadman'],
  description: 'Heartbeats, detection states and bounded, backed-off recovery of Hermes agents.',
  optionalDependencies: ['deploy', 'gitea', 'queue'],
  needs: ['hermes'],
  // With store.url, deadman's tables live on PostgreSQL (the shared pool); without it, in SQLite.
  optionalNeeds: ['postgres'],
  options: DeadmanOptionsSchema,
  commands,
  async setup(host, options) {
    const { setupDeadman } = await import('./setup.js')
    return setupDeadman(host, options)
  },
})
