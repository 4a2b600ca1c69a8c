/**
 * The queue (core): handlers, enqueue with validation, results, revoke/retry, pause/resume, stats.
 * Storage is a `QueueBackend` (SQLite today); workers (`worker.ts`) and the periodic scheduler
 * (`scheduler.ts`) are created from it. Immediate mode runs each job inline as it is enqueued,
 * with the same semantics (retries, timeouts, results), for tests.
 */
import { Value } from '@sinclair/typebox/value'
import { didYouMean } from '../../core/did-you-mean.js'
import type { Logger } from '../../core/log.js'
import type { Store } from '../../core/store/store.js'
import type { JobRow, NewJob, QueueBackend } from './backend.js'
import { jsonProblem } from './check-json.js'
import { type QueueConfig, QueueConfigSchema } from './config-schema.js'
import { E } from './errors.js'
import type {
  EnqueueOptions,
  Job,
  JobId,
  JobResult,
  JobState,
  ListFilter,
  Queue,
  QueueStats,
  TaskDefaults,
  TaskHandler,
} from './queue-types.js'
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
  close(): void
}

const STATES: JobState[] = ['queued', 'running', 'done', 'failed', 'revoked', 'expired']

export function createQueue(options: QueueOptions): QueueCore {
  const settings = Value.Default(QueueConfigSchema, structuredClone(options.config ?? {})) as QueueConfig
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const backend =
    options.backend ??
    (options.store
      ? createSqliteBackend(options.store, { resultTtlMs: settings.resultTtlMs })
      : (() => {
          throw new TypeError('createQueue needs a store or a backend')
        })())
  const handlers = new Map<string, TaskEntry>()
  const listeners = new Set<() => void>()
  let inline: Worker | undefined
  let closed = false

  const task = (name: string) => handlers.get(name) ?? options.lookupTask?.(name)

  const requireTask = (name: string): TaskEntry => {
    const entry = typeof name === 'string' ? task(name) : undefined
    if (entry) return entry
    const names = [...handlers.keys(), ...(options.taskNames?.() ?? [])]
    throw E.QUEUE_UNKNOWN_TASK({ task: String(name), suggestion: didYouMean(String(name), names) })
  }

  const number = (option: string, value: unknown, min = 0): number | undefined => {
    if (value === undefined) return undefined
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
      throw E.QUEUE_BAD_OPTION({ option, reason: `expected a number ≥ ${min}, got ${String(value)}` })
    return value
  }

  const instant = (option: string, value: unknown, relative: boolean): number | undefined => {
    if (value === undefined) return undefined
    if (value instanceof Date) {
      const t = value.getTime()
      if (Number.isNaN(t)) throw E.QUEUE_BAD_OPTION({ option, reason: 'the Date is invalid' })
      return t
    }
    const n = number(option, value, relative ? 0 : Number.NEGATIVE_INFINITY)!
    return relative ? now() + n : n
  }

  const toJob = (row: JobRow): Job => {
    const iso = (t: number | null) => (t === null ? undefined : new Date(t).toISOString())
    const job: Job = {
      id: row.id,
      task: row.task,
      args: JSON.parse(row.args),
      state: row.state,
      priority: row.priority,
      attempts: row.attempts,
      maxRetries: row.max_retries,
      runAt: iso(row.run_at)!,
      createdAt: iso(row.created_at)!,
    }
    const extra: Partial<Job> = {
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      expiresAt: iso(row.expires_at),
      idempotencyKey: row.idem_key ?? undefined,
      lock: row.lock_key ?? undefined,
      worker: row.worker ?? undefined,
      leaseUntil: row.state === 'running' ? iso(row.lease_until) : undefined,
      result: row.result === null ? undefined : JSON.parse(row.result),
      error: row.error === null ? undefined : JSON.parse(row.error),
      waiting: row.state === 'queued' && row.waiting ? JSON.parse(row.waiting) : undefined,
    }
    for (const [k, v] of Object.entries(extra))
      if (v !== undefined) (job as unknown as Record<string, unknown>)[k] = v
    return job
  }

  const findRow = (id: JobId): JobRow => {
    const row = backend.get(id)
    if (!row) throw E.QUEUE_JOB_NOT_FOUND({ id: String(id) })
    return row
  }

  /** Validate and build the row; shared by enqueue and the scheduler. */
  const build = (name: string, args: unknown, opts: EnqueueOptions, scheduledFor: number | null): NewJob => {
    if (closed) throw E.QUEUE_CLOSED()
    const entry = requireTask(name)
    const problem = jsonProblem(args)
    if (problem) throw E.QUEUE_BAD_ARGS({ task: name, reason: problem })
    if (opts === null || typeof opts !== 'object')
      throw E.QUEUE_BAD_OPTION({ option: 'options', reason: 'expected an object' })
    const d = entry.defaults
    const t = now()
    const delay = number('delay', opts.delay)
    const eta = instant('eta', opts.eta, false)
    if (delay !== undefined && eta !== undefined)
      throw E.QUEUE_BAD_OPTION({ option: 'delay', reason: 'give delay or eta, not both' })
    const priority = opts.priority ?? d.priority ?? 0
    if (!Number.isInteger(priority))
      throw E.QUEUE_BAD_OPTION({ option: 'priority', reason: `expected an integer, got ${String(priority)}` })
    const retries = number('retries', opts.retries ?? d.retries) ?? settings.retries
    if (!Number.isInteger(retries))
      throw E.QUEUE_BAD_OPTION({ option: 'retries', reason: `expected a whole number, got ${retries}` })
    const idem = opts.idempotencyKey
    if (idem !== undefined && (typeof idem !== 'string' || idem.length === 0))
      throw E.QUEUE_BAD_OPTION({ option: 'idempotencyKey', reason: 'expected a non-empty string' })
    const lock = opts.lock ?? d.lock
    if (lock !== undefined && (typeof lock !== 'string' || lock.length === 0))
      throw E.QUEUE_BAD_OPTION({ option: 'lock', reason: 'expected a non-empty string' })
    return {
      task: name,
      args: JSON.stringify(args),
      priority,
      runAt: eta ?? t + (delay ?? 0),
      maxRetries: retries,
      retryDelayMs: number('retryDelay', opts.retryDelay ?? d.retryDelay) ?? settings.retryDelayMs,
      timeoutMs: number('timeout', opts.timeout ?? d.timeout, 1) ?? settings.timeoutMs,
      expiresAt: instant('expires', opts.expires, true) ?? null,
      idemKey: idem ?? null,
      lockKey: lock ?? null,
      scheduledFor,
      createdAt: t,
    }
  }

  const queue: QueueCore = {
    backend,
    settings,
    now,
    random,
    log: options.log,
    task,
    define(name, handler, defaults = {}) {
      if (typeof name !== 'string' || name.length === 0)
        throw E.QUEUE_BAD_OPTION({ option: 'task', reason: 'a task name must be a non-empty string' })
      if (handlers.has(name) || options.lookupTask?.(name)) throw E.QUEUE_DUPLICATE_TASK({ task: name })
      handlers.set(name, { handler: handler as TaskHandler, defaults })
    },
    buildJob: (name, args, opts, scheduledFor) => build(name, args, opts, scheduledFor),
    async enqueue(name, args = null, opts = {}) {
      const { id, created } = backend.insert(build(name, args, opts ?? {}, null))
      if (options.immediate) {
        if (created) {
          inline ??= createWorker(queue, { concurrency: 1, poll: false })
          await inline.runJob(id)
        }
        return id
      }
      for (const l of listeners) l()
      return id
    },
    notify() {
      for (const l of listeners) l()
    },
    onEnqueue(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    createWorker: (workerOptions = {}) => createWorker(queue, workerOptions),
    async result(id) {
      const row = backend.get(id)
      if (!row) return undefined
      const out: JobResult = { state: row.state }
      if (row.result !== null) out.result = JSON.parse(row.result)
      if (row.error !== null) out.error = JSON.parse(row.error)
      return out
    },
    async get(id) {
      const row = backend.get(id)
      return row ? toJob(row) : undefined
    },
    async list(filter: ListFilter = {}) {
      return backend.list({ ...filter, limit: filter.limit ?? 50 }).map(toJob)
    },
    async revoke(id) {
      const before = backend.revoke(id, now(), settings.resultTtlMs)
      if (before === undefined) throw E.QUEUE_JOB_NOT_FOUND({ id: String(id) })
      return before === 'queued' || before === 'running'
    },
    async retry(id) {
      const row = findRow(id)
      if (row.state !== 'failed' && row.state !== 'revoked' && row.state !== 'expired')
        throw E.QUEUE_BAD_STATE({ id: String(id), state: row.state, action: 'retried' })
      backend.retry(id, now())
      for (const l of listeners) l()
    },
    async pause(name) {
      backend.setPaused(name, true, now())
    },
    async resume(name) {
      backend.setPaused(name, false, now())
      for (const l of listeners) l()
    },
    async wake(key) {
      const n = backend.wake(key, now())
      if (n > 0) for (const l of listeners) l()
      return n
    },
    async stats() {
      const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>
      const byTask: QueueStats['byTask'] = {}
      for (const { task: t, state, n } of backend.counts()) {
        byState[state] += n
        byTask[t] = { ...byTask[t], [state]: n }
      }
      return { byState, byTask, paused: backend.paused() }
    },
    close() {
      closed = true
      listeners.clear()
      backend.close()
    },
  }

  return queue
}
