/** What every part of a worker shares: its queue, options, running attempts, pending settlements and timers. */
import type { EventEmitter } from 'node:events'
import type { Settlement } from '../backend.js'
import type { QueueCore } from '../queue.js'
import type { Attempt, AttemptEnv } from '../run-attempt.js'
import type { WorkerOptions } from '../worker.js'

/** An attempt this worker runs; `done` settles when its handler has finished (async handlers). */
export interface Running extends Attempt {
  done?: Promise<void>
}

export interface WorkerState {
  readonly queue: QueueCore
  readonly opts: WorkerOptions
  /** Lease tokens are `${tokenPrefix}${n}:${id}`, unique per worker. */
  readonly tokenPrefix: string
  readonly emitter: EventEmitter
  readonly env: AttemptEnv
  readonly running: Map<number, Running>
  /** Finished attempts not yet written (settled with the next claim). */
  pending: Settlement[]
  flushQueued: boolean
  /** Settles when the flush running now ends (undefined when none runs). */
  flushing: Promise<void> | undefined
  /** A lease renewal is in flight (the next interval skips). */
  renewing: boolean
  started: boolean
  stopping: boolean
  pollTimer: NodeJS.Timeout | undefined
  renewTimer: NodeJS.Timeout | undefined
  lastPrune: number
  settledSincePrune: number
  /** `drain()` calls waiting for the worker to be idle. */
  idleWaiters: (() => void)[]
  /** Stops listening to local enqueues and to the backend's `onWork`. */
  unsubscribe: (() => void) | undefined
  /** Subscribed to the backend's `onWork` (wakes from other processes arrive; the idle poll slows). */
  remoteWakes: boolean
}

/** Resolve every `drain()` waiting now. */
export function releaseIdleWaiters(st: WorkerState): void {
  const waiters = st.idleWaiters
  st.idleWaiters = []
  for (const w of waiters) w()
}
