/** Built-in plugin `pool`: provides the worker pool (service `pool`) that runs playbook steps. */

import { definePlugin } from '../../core/plugin.js'
import { PoolOptionsSchema } from './config-schema.js'
import { createLazyPool } from './lazy-pool.js'
import type { PoolService } from './types.js'

export default definePlugin({
  name: 'pool',
  version: '0.1.0',
  provides: ['pool'],
  description: 'The piscina worker pool that runs playbook steps in worker threads.',
  options: PoolOptionsSchema,
  movedFrom: 'pool',
  setup(host, options) {
    const { size, maxMemoryMb, stepTimeoutMs, idleTimeoutMs } = options
    const pool = createLazyPool({ ...(size ? { size } : {}), maxMemoryMb, stepTimeoutMs, idleTimeoutMs })
    const service: PoolService = Object.assign(pool, { stepTimeoutMs })
    host.provide('pool', service)
    host.onClose(() => pool.close())
  },
})
