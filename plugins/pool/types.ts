/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('pool')` is typed by it. */
import type { StepPool } from './pool-types.js'

export type { StepPool }

declare module '../../core/plugin.js' {
  interface Services {
    pool: StepPool
  }
}
