/**
 * The queue's public contract: what other areas build against (`host.maybeUse('queue')`).
 * Playbook runs are enqueued as a task; a handler may defer its job (`JobDeferred`, defer-job.ts) —
 * the playbooks task does while a budget holds its pipeline — and `wake(key)` makes such jobs due;
 * deadman and triage register periodic tasks (`definePlugin({ tasks })` or `host.registerTask`).
 */

export type JobId = number

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'revoked' | 'expired'

export interface EnqueueOptions {
  /** Run no sooner than this many ms from now (≥ 0). */
  delay?: number
  /** Run no sooner than this instant (Date or epoch ms). */
  eta?: Date | number
  /** Higher runs first (default 0). */
  priority?: number
  /** Retries after a failure (default: the task's, else the queue option `retries`). */
  retries?: number
  /** First retry delay in ms; doubles per attempt with jitter, capped. */
  retryDelay?: number
  /** Per-attempt timeout in ms (default 180 s): the handler's signal aborts and the attempt fails. */
  timeout?: number
  /** Drop the job (state `expired`) if it has not started by then (ms from now, or a Date). */
  expires?: number | Date
  /** A second enqueue with the same key (same task) returns the first job's id while it is kept. */
  idempotencyKey?: string
  /** Named lock: at most one running job per key, across processes. */
  lock?: string
}

export interface TaskDefaults {
  retries?: number
  retryDelay?: number
  timeout?: number
  priority?: number
  lock?: string
}

export interface JobContext {
  /** Aborted at the timeout, when the lease is lost, on revoke, or at shutdown after the grace period. */
  signal: AbortSignal
  job: { id: JobId; task: string; attempt: number; token: string; scheduledFor?: string }
}

export type TaskHandler<A = unknown, R = unknown> = (args: A, ctx: JobContext) => Promise<R> | R

export interface Job {
  id: JobId
  task: string
  args: unknown
  state: JobState
  priority: number
  /** Attempts started so far. */
  attempts: number
  maxRetries: number
  runAt: string
  createdAt: string
  startedAt?: string
  finishedAt?: string
  expiresAt?: string
  idempotencyKey?: string
  lock?: string
  worker?: string
  leaseUntil?: string
  result?: unknown
  error?: { code?: string; message: string }
  /** Set while a job its handler deferred waits: why, until when, and the key `wake` uses. */
  waiting?: { reason: string; until: string; key?: string }
}

export interface JobResult {
  state: JobState
  result?: unknown
  error?: { code?: string; message: string }
}

export interface QueueStats {
  byState: Record<JobState, number>
  byTask: Record<string, Partial<Record<JobState, number>>>
  paused: string[]
}

export interface ListFilter {
  state?: JobState
  task?: string
  limit?: number
}

export interface Queue {
  /** Register a handler in code (plugins may also offer tasks through `definePlugin({ tasks })`). */
  define<A = unknown, R = unknown>(task: string, handler: TaskHandler<A, R>, defaults?: TaskDefaults): void
  /** Store a job and return its id (in immediate mode the job has run by the time this resolves). */
  enqueue(task: string, args?: unknown, options?: EnqueueOptions): Promise<JobId>
  /** The outcome of a job (undefined when unknown or pruned after its time to live). */
  result(id: JobId): Promise<JobResult | undefined>
  get(id: JobId): Promise<Job | undefined>
  list(filter?: ListFilter): Promise<Job[]>
  /** Cancel a job: a queued job never runs; a running one is told to stop and cannot complete. */
  revoke(id: JobId): Promise<boolean>
  /** Queue a failed, revoked or expired job again (attempts reset). */
  retry(id: JobId): Promise<void>
  /** Stop starting jobs of `task` (queued ones wait; running ones finish). */
  pause(task: string): Promise<void>
  resume(task: string): Promise<void>
  /** Make every job deferred under `key` due now (its handler decides again); returns how many. */
  wake(key: string): Promise<number>
  stats(): Promise<QueueStats>
}
