/** What the host's `queue` service shares: the host, its options, tasks defined in code, the core, worker and scheduler. */
import type { PluginHost } from '../../../core/plugin.js'
import type { QueueConfig } from '../config-schema.js'
import type { QueueCore, TaskEntry } from '../queue.js'
import type { Scheduler } from '../scheduler.js'
import type { Worker } from '../worker.js'

export interface HostQueueState {
  readonly host: PluginHost
  readonly config: QueueConfig
  readonly options: { now?: () => number }
  /** Tasks defined with `queue.define()`. */
  readonly handlers: Map<string, TaskEntry>
  corePromise: Promise<QueueCore> | undefined
  worker: Worker | undefined
  scheduler: Scheduler | undefined
}
