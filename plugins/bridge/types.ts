/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('bridge')` is typed by it. */
import type { DoctorCheck } from '../../core/doctor-check.js'
import type { WireAnswer } from './bridge-protocol.js'
import type { BridgeStats } from './bridge-stats.js'

/** The `bridge` service. */
export interface BridgeService {
  /** Lines of `timmy doctor`. */
  doctor(): Promise<DoctorCheck[]>
  /** Counters of /hermes/events (copy). */
  stats(): BridgeStats
  /** The URL clients use, once `timmy serve` listens. */
  url(): string | undefined
  /**
   * The counters of the running server: this process's own when it serves, else fetched from the
   * `timmy serve` that `$TIMMY_HOME/bridge.json` names (e.g. for `timmy mcp`).
   */
  liveStats(): Promise<BridgeStats & { url: string }>
  /** Process one wire event as the route does (for in-process callers and tests). */
  handle(event: unknown): Promise<WireAnswer>
}

declare module '../../core/plugin.js' {
  interface Services {
    bridge: BridgeService
  }
}
