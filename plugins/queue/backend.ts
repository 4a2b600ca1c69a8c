/**
 * The queue's storage contract: small and asynchronous. `sqlite-backend.ts` (synchronous inside,
 * resolved promises out, a doorbell file for `onWork`) and `pg-backend.ts` (`FOR UPDATE SKIP LOCKED` claims, LISTEN/NOTIFY) implement
 * it; test/conformance/queue.test.ts runs one suite against both. Times are epoch milliseconds; args,
 * results and errors are JSON text.
 */
import type { JobState } from './queue-types.js'

export interface NewJob {
  task: string
  args: string
  priority: number
  runAt: number
  maxRetries: number
  retryDelayMs: number
  timeoutMs: number
  expiresAt: number | null
  idemKey: string | null
  lockKey: string | null
  scheduledFor: number | null
  createdAt: number
}

export interface ClaimedJob {
  id: number
  task: string
  args: string
  attempts: number
  maxRetries: number
  retryDelayMs: number
  timeoutMs: number
  token: string
  scheduledFor: number | null
}

export interface JobRow {
  id: number
  task: string
  args: string
  state: JobState
  priority: number
  attempts: number
  max_retries: number
  retry_delay_ms: number
  timeout_ms: number
  run_at: number
  created_at: number
  started_at: number | null
  finished_at: number | null
  expires_at: number | null
  idem_key: string | null
  lock_key: string | null
  worker: string | null
  lease_token: string | null
  lease_until: number | null
  result: string | null
  error: string | null
  scheduled_for: number | null
  /** JSON `{ reason, until, key? }` while a deferred job waits (cleared when it is claimed again). */
  waiting: string | null
}

/** What a worker reports when an attempt ends. The token must still own the job (compare-and-swap). */
export type Settlement =
  | { kind: 'complete'; id: number; token: string; result: string }
  | { kind: 'retry'; id: number; token: string; error: string; runAt: number }
  | { kind: 'fail'; id: number; token: string; error: string }
  /** Give the job back unrun (shutdown): the attempt is not counted. */
  | { kind: 'release'; id: number; token: string }
  /** The handler deferred the job: queued again at `runAt`, the attempt not counted, `waiting` kept. */
  | { kind: 'defer'; id: number; token: string; runAt: number; waiting: string; key: string | null }

export interface ClaimRequest {
  worker: string
  limit: number
  leaseMs: number
  /** Tokens are `${tokenPrefix}${n}`; the prefix must be unique per worker. */
  tokenPrefix: string
  /** Claim only this job (immediate mode). */
  onlyId?: number
}

export interface SettleResult {
  /** Per settlement: false when the token no longer owned the job (lease lost, revoked). */
  applied: boolean[]
  claimed: ClaimedJob[]
}

export interface SchedulePlan {
  cursor: number
  jobs: NewJob[]
}

export interface QueueBackend {
  /** Which store holds the jobs (the SQLite-only read-outs, queue-rollup.ts, check it). */
  readonly kind: 'sqlite' | 'postgres'
  insert(job: NewJob): Promise<{ id: number; created: boolean }>
  /** Settle finished attempts and claim up to `claim.limit` ready jobs, in one transaction. */
  settleAndClaim(
    settlements: readonly Settlement[],
    claim: ClaimRequest | undefined,
    now: number,
  ): Promise<SettleResult>
  /** Is any job ready to claim, or any lease expired (a cheap read, no write lock)? */
  hasWork(now: number): Promise<boolean>
  /** Extend leases; returns the ids whose lease was lost (expired and re-claimed, revoked, gone). */
  renew(leases: readonly { id: number; token: string }[], leaseUntil: number): Promise<number[]>
  revoke(id: number, now: number, resultTtlMs: number): Promise<JobState | undefined>
  retry(id: number, now: number): Promise<JobState | undefined>
  setPaused(task: string, paused: boolean, now: number): Promise<void>
  /** Make every queued job deferred under `key` due at `now`; returns how many. */
  wake(key: string, now: number): Promise<number>
  paused(): Promise<string[]>
  get(id: number): Promise<JobRow | undefined>
  list(filter: { state?: JobState; task?: string; limit: number }): Promise<JobRow[]>
  counts(): Promise<{ task: string; state: JobState; n: number }[]>
  /** Earliest `run_at` of a queued job (to sleep until then), or undefined. */
  nextRunAt(): Promise<number | undefined>
  /** Delete finished jobs whose time to live has passed; returns how many. */
  prune(now: number, limit: number): Promise<number>
  /**
   * Advance the cursor of schedule `name` in one write transaction: `plan` gets the stored cursor
   * (undefined the first time) and returns the new cursor and the jobs to insert. Returns the
   * number of jobs inserted. Serialised across processes, so each instant is planned once.
   */
  advanceSchedule(name: string, plan: (cursor: number | undefined) => SchedulePlan): Promise<number>
  /**
   * Call `listener` when another process (or this one) inserts or re-queues a job (PostgreSQL:
   * LISTEN/NOTIFY; SQLite: a watched doorbell file, absent on `:memory:`). Returns an unsubscribe.
   */
  onWork?(listener: () => void): () => void
  /**
   * Can `onWork` deliver wakes now? False when the SQLite doorbell cannot be watched: the worker
   * then polls every `pollIntervalMs` (it is told by one `onWork` call). Absent: always.
   */
  canWake?(): boolean
  close(): Promise<void>
}
