/**
 * The SQLite queue backend (better-sqlite3: synchronous inside, each call a settled promise out). Every write that decides ownership runs in
 * `BEGIN IMMEDIATE` (the write lock up front, waiting up to the store's busy timeout), so claims
 * from several processes never interleave and no "database is locked" reaches a caller.
 * Workers in other processes learn of new work from a doorbell file beside the database
 * (`<db>-queue-bell`): a commit that makes a job claimable touches it, and `onWork` watches it.
 * The parts live in `sqlite-backend/`: statements, claim, settle, reap, renew, revoke, requeue, list,
 * schedule, doorbell.
 */

import type { Logger } from '../../core/log.js'
import type { Store } from '../../core/store/store.js'
import type { ClaimRequest, JobRow, NewJob, QueueBackend, Settlement, SettleResult } from './backend.js'
import type { JobState } from './queue-types.js'
import { advanceSchedule } from './sqlite-backend/advance-schedule.js'
import { claimJobs } from './sqlite-backend/claim-jobs.js'
import { insertJob } from './sqlite-backend/insert-job.js'
import { listJobs } from './sqlite-backend/list-jobs.js'
import { renewLeases } from './sqlite-backend/renew-leases.js'
import { requeueJob } from './sqlite-backend/requeue-job.js'
import { revokeJob } from './sqlite-backend/revoke-job.js'
import { ringDoorbell } from './sqlite-backend/ring-doorbell.js'
import { settleJobs } from './sqlite-backend/settle-jobs.js'
import type { Doorbell, SqliteBackendState } from './sqlite-backend/state.js'
import { prepareStatements } from './sqlite-backend/statements.js'
import { watchDoorbell } from './sqlite-backend/watch-doorbell.js'
import { whenFree } from './sqlite-backend/when-free.js'
import { QUEUE_MIGRATIONS as MIGRATIONS } from './sqlite-schema.js'

export interface SqliteBackendOptions {
  /** Finished jobs are pruned this long after they finish. */
  resultTtlMs: number
  /** Leases are checked for expiry at most this often per process (ms). */
  reapEveryMs?: number
  /** The doorbell file (default `<db>-queue-bell`; none for `:memory:`, whose workers poll). */
  doorbell?: string
  /** Where a doorbell that cannot be watched is reported. */
  log?: Logger
}

export function createSqliteBackend(store: Store, options: SqliteBackendOptions): QueueBackend {
  // Under the write lock, so processes starting together do not both try migration 1.
  store.immediate(() => store.migrate('queue', MIGRATIONS))
  const { db } = store
  const st: SqliteBackendState = {
    store,
    q: prepareStatements(db),
    ttl: options.resultTtlMs,
    reapEvery: options.reapEveryMs ?? 500,
    lastReap: Number.NEGATIVE_INFINITY,
    tokenSeq: 0,
  }
  const { q } = st
  const bellPath = options.doorbell ?? (store.path === ':memory:' ? undefined : `${store.path}-queue-bell`)
  const bell: Doorbell | undefined =
    bellPath === undefined ? undefined : { path: bellPath, listeners: new Set(), watcher: undefined }
  /**
   * After the commit: wake the workers of other processes when `work` (something became claimable).
   * Inside a caller's open transaction (ours was a savepoint) ring once that one has ended: a
   * synchronous transaction always has by the next turn of the event loop.
   */
  const ring = <T>(value: T, work: boolean): T => {
    if (work && db.inTransaction) setImmediate(() => ringDoorbell(bellPath))
    else if (work) ringDoorbell(bellPath)
    return value
  }

  // Transaction functions made once (better-sqlite3 wraps them in BEGIN IMMEDIATE … COMMIT).
  const insertTx = db.transaction((job: NewJob) => insertJob(st, job))
  const settleTx = db.transaction(
    (settlements: readonly Settlement[], req: ClaimRequest | undefined, now: number): SettleResult => ({
      applied: settlements.length ? settleJobs(st, settlements, now) : [],
      claimed: req && req.limit > 0 ? claimJobs(st, req, now) : [],
    }),
  )

  const ok = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn())
    } catch (err) {
      return Promise.reject(err)
    }
  }
  const backend: QueueBackend = {
    kind: 'sqlite',
    insert: (job) =>
      ok(() => {
        const r = whenFree(store.path, () => insertTx.immediate(job))
        return ring(r, r.created)
      }),
    settleAndClaim: (settlements, req, now) =>
      ok(() =>
        ring(
          whenFree(store.path, () => settleTx.immediate(settlements, req, now)),
          settlements.some(
            (s) => s.kind === 'release' || ((s.kind === 'retry' || s.kind === 'defer') && s.runAt <= now),
          ),
        ),
      ),
    hasWork: (now) => ok(() => q.hasWork.get(now, now) === 1),
    renew: (leases, leaseUntil) => ok(() => renewLeases(st, leases, leaseUntil)),
    revoke: (id, now, resultTtlMs) => ok(() => revokeJob(st, id, now, resultTtlMs)),
    retry: (id, now) =>
      ok(() => {
        const before = requeueJob(st, id, now)
        return ring(before, before === 'failed' || before === 'revoked' || before === 'expired')
      }),
    setPaused: (task, paused, now) =>
      ok(() => {
        if (paused) q.pause.run(task, now)
        else ring(undefined, q.unpause.run(task).changes > 0)
      }),
    paused: () => ok(() => q.pausedList.all() as string[]),
    wake: (key, now) =>
      ok(() => {
        const n = whenFree(store.path, () => q.wake.run(now, key).changes)
        return ring(n, n > 0)
      }),
    get: (id) => ok(() => q.get.get(id) as JobRow | undefined),
    list: (filter) => ok(() => listJobs(db, filter)),
    counts: () => ok(() => q.counts.all() as { task: string; state: JobState; n: number }[]),
    nextRunAt: () => ok(() => (q.nextRunAt.get() as number | null) ?? undefined),
    prune: (now, limit) => ok(() => q.prune.run(now, limit).changes),
    advanceSchedule: (name, plan) =>
      ok(() => {
        const n = advanceSchedule(st, name, plan)
        return ring(n, n > 0)
      }),
    close: async () => {
      bell?.listeners.clear()
      bell?.watcher?.close()
      if (bell) bell.watcher = undefined
    },
  }
  if (bell) {
    backend.onWork = (listener) => watchDoorbell(bell, options.log, listener)
    backend.canWake = () => bell.watcher !== undefined
  }
  return backend
}
