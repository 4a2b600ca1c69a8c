/** The pool plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { PoolOptionsSchema } from './config-schema.js'
import { createLazyPool } from './lazy-pool.js'
import type { PoolService } from './types.js'

export function setupPool(host: PluginHost, options: Static<typeof PoolOptionsSchema>): void {
  const { size, maxMemoryMb, stepTimeoutMs, idleTimeoutMs } = options
  const pool = createLazyPool({ ...(size ? { size } : {}), maxMemoryMb, stepTimeoutMs, idleTimeoutMs })
  const service: PoolService = Object.assign(pool, { stepTimeoutMs })
  host.provide('pool', service)
  host.onClose(() => pool.close())
}
