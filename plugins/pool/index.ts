/** Built-in plugin `pool`: provides the worker pool (service `pool`) that runs playbook steps. */

import { definePlugin } from '../../core/plugin.js'
import { createLazyPool } from './lazy-pool.js'

export default definePlugin({
  name: 'pool',
  version: '0.1.0',
  provides: ['pool'],
  description: 'The piscina worker pool that runs playbook steps in worker threads.',
  setup(host) {
    const { size, maxMemoryMb, stepTimeoutMs, idleTimeoutMs } = host.config.pool
    const pool = createLazyPool({ ...(size ? { size } : {}), maxMemoryMb, stepTimeoutMs, idleTimeoutMs })
    host.provide('pool', pool)
    host.onClose(() => pool.close())
  },
})
