/**
 * The SQLite queue backend (better-sqlite3: synchronous inside, each call a settled promise out). Every write that decides ownership runs in
 * `BEGIN IMMEDIATE` (the write lock up front, waiting up to the store's busy timeout), so claims
 * from several processes never interleave and no "database is locked" reaches a caller.
 * The parts live in `sqlite-backend/`: statements, claim, settle, reap, renew, revoke, requeue, list, schedule.
 */

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
import { settleJobs } from './sqlite-backend/settle-jobs.js'
import type { SqliteBackendState } from './sqlite-backend/state.js'
import { prepareStatements } from './sqlite-backend/statements.js'
import { whenFree } from './sqlite-backend/when-free.js'
import { QUEUE_MIGRATIONS as MIGRATIONS } from './sqlite-schema.js'

export interface SqliteBackendOptions {
  /** Finished jobs are pruned this long after they finish. */
  resultTtlMs: number
  /** Leases are checked for expiry at most this often per process (ms). */
  reapEveryMs?: number
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
  return {
    kind: 'sqlite',
    insert: (job) => ok(() => whenFree(store.path, () => insertTx.immediate(job))),
    settleAndClaim: (settlements, req, now) =>
      ok(() => whenFree(store.path, () => settleTx.immediate(settlements, req, now))),
    hasWork: (now) => ok(() => q.hasWork.get(now, now) === 1),
    renew: (leases, leaseUntil) => ok(() => renewLeases(st, leases, leaseUntil)),
    revoke: (id, now, resultTtlMs) => ok(() => revokeJob(st, id, now, resultTtlMs)),
    retry: (id, now) => ok(() => requeueJob(st, id, now)),
    setPaused: (task, paused, now) =>
      ok(() => {
        if (paused) q.pause.run(task, now)
        else q.unpause.run(task)
      }),
    paused: () => ok(() => q.pausedList.all() as string[]),
    wake: (key, now) => ok(() => whenFree(store.path, () => q.wake.run(now, key).changes)),
    get: (id) => ok(() => q.get.get(id) as JobRow | undefined),
    list: (filter) => ok(() => listJobs(db, filter)),
    counts: () => ok(() => q.counts.all() as { task: string; state: JobState; n: number }[]),
    nextRunAt: () => ok(() => (q.nextRunAt.get() as number | null) ?? undefined),
    prune: (now, limit) => ok(() => q.prune.run(now, limit).changes),
    advanceSchedule: (name, plan) => ok(() => advanceSchedule(st, name, plan)),
    close: async () => {},
  }
}
