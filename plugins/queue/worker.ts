/**
 * A worker: claims ready jobs (up to `concurrency` at once), runs their handlers on this event loop,
 * renews their leases while they run, and settles them. Finished attempts are settled together with
 * the next claim in one transaction, batched per tick. An idle worker is woken by a local enqueue
 * and by the backend's `onWork` when another process enqueues (PostgreSQL: NOTIFY; SQLite: a watched
 * doorbell file), so its idle poll only looks for expired leases and missed wakes; without wakes (a
 * doorbell that cannot be watched, `:memory:`) it polls every `pollIntervalMs`.
 *
 * A handler is abandoned (its signal aborted) at its timeout, when its lease is lost (expired and
 * re-claimed elsewhere, or revoked), and at shutdown after the grace period; a worker that lost a
 * lease cannot complete or fail the job (the backend compares the lease token).
 * The parts live in `worker/`: options, the flush tick, launch, lease renewal, stop, immediate run.
 */
import { EventEmitter } from 'node:events'
import type { QueueCore } from './queue.js'
import { queueFlush } from './worker/flush-worker.js'
import { resolveWorkerOptions } from './worker/resolve-options.js'
import { runJob } from './worker/run-job.js'
import type { WorkerState } from './worker/state.js'
import { stopWorker } from './worker/stop-worker.js'

export interface WorkerOptions {
  concurrency: number
  pollIntervalMs: number
  leaseMs: number
  graceMs: number
  /** Poll for jobs from other processes while idle (default true). */
  poll: boolean
  id: string
}

export interface Worker extends EventEmitter {
  readonly id: string
  /** Jobs running now. */
  readonly running: number
  /** Start claiming (idempotent). */
  start(): void
  /** Run ready jobs until none is ready and none runs (starts the worker if needed). */
  drain(): Promise<void>
  /** Stop claiming; wait up to `graceMs` for running jobs, then release the rest. */
  stop(graceMs?: number): Promise<void>
  /** Claim and run one job now, retrying inline until it is final (immediate mode). */
  runJob(id: number): Promise<void>
}

export function createWorker(queue: QueueCore, given: Partial<WorkerOptions> = {}): Worker {
  const opts = resolveWorkerOptions(queue, given)
  const emitter = new EventEmitter()
  const st: WorkerState = {
    queue,
    opts,
    tokenPrefix: `${opts.id}#`,
    emitter,
    env: {
      now: queue.now,
      random: queue.random,
      maxRetryDelayMs: queue.settings.maxRetryDelayMs,
      onError: (job, error) => emitter.emit('error-in-job', { id: job.id, task: job.task, error }),
    },
    running: new Map(),
    pending: [],
    flushQueued: false,
    flushing: undefined,
    renewing: false,
    started: false,
    stopping: false,
    pollTimer: undefined,
    renewTimer: undefined,
    lastPrune: Number.NEGATIVE_INFINITY,
    settledSincePrune: 0,
    idleWaiters: [],
    unsubscribe: undefined,
    remoteWakes: false,
  }

  const worker = Object.assign(emitter, {
    id: opts.id,
    start() {
      if (st.started) return
      st.started = true
      st.stopping = false
      const offLocal = queue.onEnqueue(() => queueFlush(st))
      const offRemote = opts.poll ? queue.backend.onWork?.(() => queueFlush(st)) : undefined
      st.remoteWakes = offRemote !== undefined
      st.unsubscribe = () => {
        st.remoteWakes = false
        offLocal()
        offRemote?.()
      }
      queueFlush(st)
    },
    drain() {
      const idle = new Promise<void>((resolve) => st.idleWaiters.push(resolve))
      if (!st.started) worker.start()
      queueFlush(st)
      return idle
    },
    stop: (graceMs = opts.graceMs) => stopWorker(st, graceMs),
    runJob: (id: number) => runJob(st, id),
  })
  Object.defineProperty(worker, 'running', { get: () => st.running.size, enumerable: true })
  return worker as typeof worker & { readonly running: number }
}
