/** The `orchestrator` service (provided by plugins/orchestrator): what `timmy orchestrate` and `timmy dispatch` run on. */
import type { PluginHost } from '../../core/plugin.js'
import type { OrchestratorContext } from './index.js'
import type { Leases } from './lease.js'

/** The plugin's host as the loop and `timmy dispatch` use it: the store, services, effects, its log. */
export type OrchestratorHost = Pick<
  PluginHost,
  'store' | 'log' | 'maybeUse' | 'applyEffect' | 'handlesEffect'
>

export interface OrchestratorService {
  /** The loop's lease holder, the plugin's options (defaults applied) and each tick's inputs. */
  readonly context: OrchestratorContext
  readonly host: OrchestratorHost
  /** The lease table (SQLite, or PostgreSQL with `store.url`), opened and migrated at the first call. */
  leases(): Promise<Leases>
}

declare module '../../core/plugin.js' {
  interface Services {
    orchestrator: OrchestratorService
  }
}
