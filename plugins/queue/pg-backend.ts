/**
 * The PostgreSQL queue backend (node-postgres): the same contract as the SQLite one, for many hosts
 * on one server, on the shared pool of the `postgres` service. Claims lock ready rows with
 * `FOR UPDATE SKIP LOCKED` (claimers never wait for each other), settle-and-claim is one transaction,
 * every settlement is a compare-and-swap on the lease token, schedules advance under an advisory lock
 * per schedule, and inserts NOTIFY `timmy_queue` so `onWork` listeners (workers) wake at once. Chosen
 * by `store: { url: 'postgres://…' }`. The parts live in `pg-backend/`: schema, reads, writes (claim,
 * settle, reap, steer), schedule, listen.
 */
import type pg from 'pg'
import type { QueueBackend } from './backend.js'
import { advanceSchedule } from './pg-backend/advance-schedule.js'
import { closeListener, listenWork } from './pg-backend/listen-work.js'
import { readJobs } from './pg-backend/read-jobs.js'
import { migratePg } from './pg-backend/schema.js'
import type { PgBackendState } from './pg-backend/state.js'
import { writeJobs } from './pg-backend/write-jobs.js'

export interface PgBackendOptions {
  /** The pool to run on (the `postgres` service's); the backend never ends it. */
  pool: pg.Pool
  /** Finished jobs are pruned this long after they finish. */
  resultTtlMs: number
  /** Leases are checked for expiry at most this often per process (ms). */
  reapEveryMs?: number
}

/** The backend, its tables migrated; `close()` stops its LISTEN connection (the pool stays open). */
export async function createPgBackend(options: PgBackendOptions): Promise<QueueBackend> {
  await migratePg(options.pool)
  const st: PgBackendState = {
    pool: options.pool,
    ttl: options.resultTtlMs,
    reapEvery: options.reapEveryMs ?? 500,
    lastReap: Number.NEGATIVE_INFINITY,
    tokenSeq: 0,
    listeners: new Set(),
    listener: undefined,
  }
  let closed = false
  return {
    kind: 'postgres',
    ...writeJobs(st),
    ...readJobs(st),
    advanceSchedule: (name, plan) => advanceSchedule(st, name, plan),
    onWork: (listener) => listenWork(st, listener),
    async close() {
      if (closed) return
      closed = true
      st.listeners.clear()
      await closeListener(st)
    },
  }
}
