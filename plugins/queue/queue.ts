/**
 * The queue (core): handlers, enqueue with validation, results, revoke/retry, pause/resume, stats.
 * Storage is a `QueueBackend` (SQLite, or PostgreSQL when `store.url` names a server); workers (`worker.ts`) and the periodic scheduler
 * (`scheduler.ts`) are created from it. Immediate mode runs each job inline as it is enqueued,
 * with the same semantics (retries, timeouts, results), for tests.
 * The parts live in `queue-core/`: task lookup, option checks, building a job row, enqueue, retry, read-outs.
 */
import { Value } from '@sinclair/typebox/value'
import type { Logger } from '../../core/log.js'
import type { Store } from '../../core/store/store.js'
import type { NewJob, QueueBackend } from './backend.js'
import { type QueueConfig, QueueConfigSchema } from './config-schema.js'
import { buildJob } from './queue-core/build-job.js'
import { defineTask } from './queue-core/define-task.js'
import { enqueueJob } from './queue-core/enqueue-job.js'
import { findTask } from './queue-core/find-task.js'
import { readResult } from './queue-core/read-result.js'
import { readStats } from './queue-core/read-stats.js'
import { retryJob } from './queue-core/retry-job.js'
import { revokeJob } from './queue-core/revoke-job.js'
import { notifyListeners, type QueueState } from './queue-core/state.js'
import { toJob } from './queue-core/to-job.js'
import { wakeJobs } from './queue-core/wake-jobs.js'
import type { EnqueueOptions, ListFilter, Queue, TaskDefaults, TaskHandler } from './queue-types.js'
import { createSqliteBackend } from './sqlite-backend.js'
import { createWorker, type Worker, type WorkerOptions } from './worker.js'

export interface TaskEntry {
  handler: TaskHandler
  defaults: TaskDefaults
}

export interface QueueOptions {
  store?: Store
  /** Instead of `store`: another backend. */
  backend?: QueueBackend
  config?: Partial<QueueConfig>
  now?: () => number
  random?: () => number
  /** Run each job inline as it is enqueued (tests). */
  immediate?: boolean
  /** Tasks offered elsewhere (plugin tasks), looked up when a name was not defined in code. */
  lookupTask?: (name: string) => TaskEntry | undefined
  /** Every task name known elsewhere (for "did you mean"). */
  taskNames?: () => Iterable<string>
  log?: Logger
}

export interface QueueCore extends Queue {
  readonly backend: QueueBackend
  readonly settings: QueueConfig
  readonly now: () => number
  readonly random: () => number
  readonly log: Logger | undefined
  /** The handler of `task`, or undefined. */
  task(name: string): TaskEntry | undefined
  /** Called after each local enqueue (workers in this process wake up). Returns an unsubscribe. */
  onEnqueue(listener: () => void): () => void
  /** Wake this process's workers (new jobs are ready). */
  notify(): void
  createWorker(options?: Partial<WorkerOptions>): Worker
  /** Validate an enqueue and build its row (the scheduler inserts these). */
  buildJob(name: string, args: unknown, opts: EnqueueOptions, scheduledFor: number | null): NewJob
  /** Refuse new work and close the backend (a PostgreSQL pool ends; a SQLite store stays the host's). */
  close(): Promise<void>
}

export function createQueue(options: QueueOptions): QueueCore {
  const settings = Value.Default(QueueConfigSchema, structuredClone(options.config ?? {})) as QueueConfig
  const st: QueueState = {
    options,
    settings,
    now: options.now ?? Date.now,
    backend: openBackend(options, settings),
    handlers: new Map<string, TaskEntry>(),
    listeners: new Set<() => void>(),
    inline: undefined,
    closed: false,
  }
  const { backend, now, listeners } = st

  const queue: QueueCore = {
    backend,
    settings,
    now,
    random: options.random ?? Math.random,
    log: options.log,
    task: (name) => findTask(st, name),
    define: (name, handler, defaults = {}) => defineTask(st, name, handler as TaskHandler, defaults),
    buildJob: (name, args, opts, scheduledFor) => buildJob(st, name, args, opts, scheduledFor),
    enqueue: (name, args = null, opts = {}) => enqueueJob(st, queue, name, args, opts),
    notify: () => notifyListeners(st),
    onEnqueue(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    createWorker: (workerOptions = {}) => createWorker(queue, workerOptions),
    result: async (id) => readResult(backend, id),
    async get(id) {
      const row = await backend.get(id)
      return row ? toJob(row) : undefined
    },
    list: async (filter: ListFilter = {}) =>
      (await backend.list({ ...filter, limit: filter.limit ?? 50 })).map(toJob),
    revoke: async (id) => revokeJob(st, id),
    retry: async (id) => retryJob(st, id),
    async pause(name) {
      await backend.setPaused(name, true, now())
    },
    async resume(name) {
      await backend.setPaused(name, false, now())
      notifyListeners(st)
    },
    wake: async (key) => wakeJobs(st, key),
    stats: async () => readStats(backend),
    async close() {
      st.closed = true
      listeners.clear()
      await backend.close()
    },
  }
  return queue
}

/** The given backend, or the SQLite backend over the given store. */
function openBackend(options: QueueOptions, settings: QueueConfig): QueueBackend {
  if (options.backend) return options.backend
  if (options.store)
    return createSqliteBackend(options.store, {
      resultTtlMs: settings.resultTtlMs,
      ...(options.log ? { log: options.log } : {}),
    })
  throw new TypeError('createQueue needs a store or a backend')
}
