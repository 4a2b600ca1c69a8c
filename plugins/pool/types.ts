/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('pool')` is typed by it. */
import type { StepPool } from './pool-types.js'

export type { StepPool }

/** The pool as the plugin provides it: a step pool, plus the timeout of a step that declares none. */
export interface PoolService extends StepPool {
  /** `pluginOptions.pool.stepTimeoutMs`. */
  readonly stepTimeoutMs: number
}

declare module '../../core/plugin.js' {
  interface Services {
    pool: PoolService
  }
}
