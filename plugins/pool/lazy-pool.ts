/**
 * A pool that starts its threads on the first step (commands that run no step never start workers),
 * and imports create-pool.ts (piscina) only then.
 */

import type { PoolOptions } from './create-pool.js'
import { E } from './errors.js'
import type { StepPool } from './pool-types.js'

let code: Promise<typeof import('./create-pool.js')> | undefined
const load = () => (code ??= import('./create-pool.js'))

export function createLazyPool(options: PoolOptions): StepPool {
  let pool: StepPool | undefined
  let closed = false
  return {
    async run(task, opts) {
      if (closed) throw E.POOL_CLOSED(undefined, { exitCode: 1 })
      if (!pool) {
        const { createStepPool } = await load()
        if (closed) throw E.POOL_CLOSED(undefined, { exitCode: 1 })
        pool ??= createStepPool(options)
      }
      return pool.run(task, opts)
    },
    stats: () => pool?.stats() ?? { threads: 0, completed: 0, failed: 0, queued: 0 },
    async close() {
      closed = true
      await pool?.close()
    },
  }
}
