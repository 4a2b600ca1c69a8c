/**
 * The PostgreSQL queue backend (node-postgres): the same contract as the SQLite one, for many hosts
 * on one server. Claims lock ready rows with `FOR UPDATE SKIP LOCKED` (claimers never wait for each
 * other), settle-and-claim is one transaction, every settlement is a compare-and-swap on the lease
 * token, schedules advance under an advisory lock per schedule, and inserts NOTIFY `timmy_queue`
 * so `onWork` listeners (workers) wake at once. Chosen by `store: { url: 'postgres://…' }`.
 * The parts live in `pg-backend/`: schema, claim, settle, reap, steer, schedule, listen.
 */
import pg from 'pg'
import type { ClaimRequest, JobRow, QueueBackend, Settlement, SettleResult } from './backend.js'
import { E } from './errors.js'
import { advanceSchedule } from './pg-backend/advance-schedule.js'
import { claimJobs } from './pg-backend/claim-jobs.js'
import { insertJob } from './pg-backend/insert-job.js'
import { closeListener, listenWork } from './pg-backend/listen-work.js'
import { reapLeases } from './pg-backend/reap-leases.js'
import { migratePg, NOTIFY_CHANNEL } from './pg-backend/schema.js'
import { settleJobs } from './pg-backend/settle-jobs.js'
import { inTransaction, type PgBackendState } from './pg-backend/state.js'
import { requeueJob, revokeJob, wakeJobs } from './pg-backend/steer-job.js'
import type { JobState } from './queue-types.js'

export interface PgBackendOptions {
  /** `postgres://user:password@host:port/database` */
  url: string
  /** Finished jobs are pruned this long after they finish. */
  resultTtlMs: number
  /** Leases are checked for expiry at most this often per process (ms). */
  reapEveryMs?: number
  /** Connections in the pool (default 4). */
  poolSize?: number
}

/** BIGINT (int8) columns are epoch ms and ids: well inside a double, read as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export async function createPgBackend(options: PgBackendOptions): Promise<QueueBackend> {
  const { url } = options
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    allowExitOnIdle: true,
    types,
  })
  pool.on('error', () => {}) // an idle client's lost connection: the pool replaces it
  try {
    await migratePg(pool)
  } catch (err) {
    await pool.end().catch(() => {})
    throw E.QUEUE_STORE_UNREACHABLE(
      { url: redact(url), reason: (err as Error).message },
      { cause: err, exitCode: 1 },
    )
  }
  const st: PgBackendState = {
    pool,
    ttl: options.resultTtlMs,
    reapEvery: options.reapEveryMs ?? 500,
    lastReap: Number.NEGATIVE_INFINITY,
    tokenSeq: 0,
    listeners: new Set(),
    listener: undefined,
  }
  let closed = false
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T | undefined> =>
    (await pool.query(sql, params)).rows[0] as T | undefined

  return {
    kind: 'postgres',
    insert: (job) => insertJob(pool, job),
    async settleAndClaim(settlements: readonly Settlement[], req: ClaimRequest | undefined, now: number) {
      if (req && req.limit > 0) await reapLeases(st, now)
      return inTransaction(pool, async (c): Promise<SettleResult> => {
        const applied = settlements.length ? await settleJobs(c, settlements, now, st.ttl) : []
        const claimed = req && req.limit > 0 ? await claimJobs(st, c, req, now) : []
        if (
          settlements.some(
            (s) => s.kind === 'release' || ((s.kind === 'retry' || s.kind === 'defer') && s.runAt <= now),
          )
        )
          await c.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`)
        return { applied, claimed }
      })
    },
    hasWork: async (now) =>
      (
        await one<{ w: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'queued' AND run_at <= $1)
               OR EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'running' AND lease_until < $1) AS w`,
          [now],
        )
      )?.w === true,
    async renew(leases, leaseUntil) {
      if (leases.length === 0) return []
      const { rows } = await pool.query<{ id: number }>(
        `UPDATE queue_jobs j SET lease_until = $1 FROM unnest($2::bigint[], $3::text[]) AS v(id, token)
         WHERE j.id = v.id AND j.lease_token = v.token AND j.state = 'running' RETURNING j.id`,
        [leaseUntil, leases.map((l) => l.id), leases.map((l) => l.token)],
      )
      const kept = new Set(rows.map((r) => r.id))
      return leases.filter((l) => !kept.has(l.id)).map((l) => l.id)
    },
    revoke: (id, now, resultTtlMs) => revokeJob(pool, id, now, resultTtlMs),
    retry: (id, now) => requeueJob(pool, id, now),
    async setPaused(task, paused, now) {
      if (paused)
        await pool.query(
          'INSERT INTO queue_paused (task, since) VALUES ($1, $2) ON CONFLICT (task) DO NOTHING',
          [task, now],
        )
      else
        await pool.query(
          `WITH d AS (DELETE FROM queue_paused WHERE task = $1 RETURNING 1)
        SELECT CASE WHEN EXISTS (SELECT 1 FROM d) THEN pg_notify('${NOTIFY_CHANNEL}', '') END`,
          [task],
        )
    },
    paused: async () =>
      (await pool.query<{ task: string }>('SELECT task FROM queue_paused ORDER BY task')).rows.map(
        (r) => r.task,
      ),
    wake: (key, now) => wakeJobs(pool, key, now),
    get: (id) => one<JobRow>('SELECT * FROM queue_jobs WHERE id = $1', [id]),
    async list({ state, task, limit }) {
      const { rows } = await pool.query<JobRow>(
        `SELECT * FROM queue_jobs WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR task = $2)
         ORDER BY id DESC LIMIT $3`,
        [state ?? null, task ?? null, limit],
      )
      return rows
    },
    counts: async () =>
      (
        await pool.query<{ task: string; state: JobState; n: number }>(
          'SELECT task, state, count(*)::int AS n FROM queue_jobs GROUP BY task, state',
        )
      ).rows,
    nextRunAt: async () =>
      (await one<{ t: number | null }>(`SELECT min(run_at) AS t FROM queue_jobs WHERE state = 'queued'`))
        ?.t ?? undefined,
    prune: async (now, limit) =>
      (
        await pool.query(
          `DELETE FROM queue_jobs WHERE id IN (SELECT id FROM queue_jobs WHERE prune_at IS NOT NULL AND prune_at <= $1
             LIMIT $2 FOR UPDATE SKIP LOCKED)`,
          [now, limit],
        )
      ).rowCount ?? 0,
    advanceSchedule: (name, plan) => advanceSchedule(st, name, plan),
    onWork: (listener) => listenWork(st, url, listener),
    async close() {
      if (closed) return
      closed = true
      st.listeners.clear()
      await closeListener(st)
      await pool.end()
    },
  }
}

/** The URL without its password (for messages). */
function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'store.url'
  }
}
