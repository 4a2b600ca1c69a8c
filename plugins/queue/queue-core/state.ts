/** What every part of the core queue shares: its options, settings, clock, backend, handlers and listeners. */
import type { QueueBackend } from '../backend.js'
import type { QueueConfig } from '../config-schema.js'
import type { QueueOptions, TaskEntry } from '../queue.js'
import type { Worker } from '../worker.js'

export interface QueueState {
  readonly options: QueueOptions
  readonly settings: QueueConfig
  readonly now: () => number
  readonly backend: QueueBackend
  /** Tasks defined in code with `queue.define`. */
  readonly handlers: Map<string, TaskEntry>
  /** Called after each local enqueue, retry, resume and wake (this process's workers). */
  readonly listeners: Set<() => void>
  /** The worker of immediate mode, made at the first enqueue. */
  inline: Worker | undefined
  closed: boolean
}

/** Wake this process's workers. */
export function notifyListeners(st: QueueState): void {
  for (const l of st.listeners) l()
}
