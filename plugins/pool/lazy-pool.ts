/** A pool that starts its threads on the first step (commands that run no step never start workers). */

import { createStepPool, type PoolOptions } from './create-pool.js'
import { E } from './errors.js'
import type { StepPool } from './pool-types.js'

export function createLazyPool(options: PoolOptions): StepPool {
  let pool: StepPool | undefined
  let closed = false
  return {
    run(task, opts) {
      if (closed) return Promise.reject(E.POOL_CLOSED(undefined, { exitCode: 1 }))
      pool ??= createStepPool(options)
      return pool.run(task, opts)
    },
    stats: () => pool?.stats() ?? { threads: 0, completed: 0, failed: 0, queued: 0 },
    async close() {
      closed = true
      await pool?.close()
    },
  }
}
