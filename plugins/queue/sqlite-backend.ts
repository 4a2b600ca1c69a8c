/**
 * The SQLite queue backend (better-sqlite3, synchronous). Every write that decides ownership runs in
 * `BEGIN IMMEDIATE` (the write lock up front, waiting up to the store's busy timeout), so claims
 * from several processes never interleave and no "database is locked" reaches a caller.
 */

import type { Store } from '../../core/store/store.js'
import type {
  ClaimedJob,
  ClaimRequest,
  JobRow,
  NewJob,
  QueueBackend,
  SchedulePlan,
  Settlement,
  SettleResult,
} from './backend.js'
import { E } from './errors.js'
import type { JobState } from './queue-types.js'
import { QUEUE_MIGRATIONS as MIGRATIONS } from './sqlite-schema.js'

const FINISHED = `state IN ('done', 'failed', 'revoked', 'expired')`

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
  const ttl = options.resultTtlMs
  const reapEvery = options.reapEveryMs ?? 500
  let lastReap = Number.NEGATIVE_INFINITY
  let tokenSeq = 0

  const q = {
    insert: db.prepare(
      `INSERT INTO queue_jobs (task, args, state, priority, max_retries, retry_delay_ms, timeout_ms, run_at,
         created_at, expires_at, idem_key, lock_key, scheduled_for)
       VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (task, idem_key) WHERE idem_key IS NOT NULL DO NOTHING`,
    ),
    byIdem: db.prepare('SELECT id FROM queue_jobs WHERE task = ? AND idem_key = ?').pluck(),
    pausedCount: db.prepare('SELECT count(*) FROM queue_paused').pluck(),
    ready: db.prepare(
      `SELECT id, task, args, attempts, max_retries AS maxRetries, retry_delay_ms AS retryDelayMs,
         timeout_ms AS timeoutMs, expires_at AS expiresAt, lock_key AS lockKey, scheduled_for AS scheduledFor
       FROM queue_jobs WHERE state = 'queued' AND run_at <= ? ORDER BY priority DESC, run_at, id LIMIT ?`,
    ),
    readyUnpaused: db.prepare(
      `SELECT id, task, args, attempts, max_retries AS maxRetries, retry_delay_ms AS retryDelayMs,
         timeout_ms AS timeoutMs, expires_at AS expiresAt, lock_key AS lockKey, scheduled_for AS scheduledFor
       FROM queue_jobs WHERE state = 'queued' AND run_at <= ? AND task NOT IN (SELECT task FROM queue_paused)
       ORDER BY priority DESC, run_at, id LIMIT ?`,
    ),
    one: db.prepare(
      `SELECT id, task, args, attempts, max_retries AS maxRetries, retry_delay_ms AS retryDelayMs,
         timeout_ms AS timeoutMs, expires_at AS expiresAt, lock_key AS lockKey, scheduled_for AS scheduledFor
       FROM queue_jobs WHERE state = 'queued' AND id = ?`,
    ),
    lockHeld: db.prepare(`SELECT 1 FROM queue_jobs WHERE state = 'running' AND lock_key = ? LIMIT 1`).pluck(),
    take: db.prepare(
      `UPDATE queue_jobs SET state = 'running', attempts = attempts + 1, lease_token = ? || id, lease_until = ?,
         worker = ?, started_at = ?, waiting = NULL, wait_key = NULL WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    expire: db.prepare(
      `UPDATE queue_jobs SET state = 'expired', finished_at = ?, prune_at = ? WHERE id = ? AND state = 'queued'`,
    ),
    complete: db.prepare(
      `UPDATE queue_jobs SET state = 'done', result = ?, error = NULL, finished_at = ?, lease_until = NULL,
         prune_at = ? WHERE id = ? AND lease_token = ? AND state = 'running'`,
    ),
    completeMany: db
      .prepare(
        `UPDATE queue_jobs SET state = 'done', result = j.value ->> 2, error = NULL, finished_at = ?,
         lease_until = NULL, prune_at = ?
       FROM json_each(?) AS j
       WHERE queue_jobs.id = j.value ->> 0 AND queue_jobs.lease_token = j.value ->> 1 AND queue_jobs.state = 'running'
       RETURNING queue_jobs.id`,
      )
      .pluck(),
    retry: db.prepare(
      `UPDATE queue_jobs SET state = 'queued', error = ?, run_at = ?, lease_token = NULL, lease_until = NULL
       WHERE id = ? AND lease_token = ? AND state = 'running'`,
    ),
    fail: db.prepare(
      `UPDATE queue_jobs SET state = 'failed', error = ?, finished_at = ?, lease_until = NULL, prune_at = ?
       WHERE id = ? AND lease_token = ? AND state = 'running'`,
    ),
    release: db.prepare(
      `UPDATE queue_jobs SET state = 'queued', attempts = max(attempts - 1, 0), lease_token = NULL,
         lease_until = NULL, worker = NULL WHERE id = ? AND lease_token = ? AND state = 'running'`,
    ),
    defer: db.prepare(
      `UPDATE queue_jobs SET state = 'queued', attempts = max(attempts - 1, 0), run_at = ?, waiting = ?, wait_key = ?,
         lease_token = NULL, lease_until = NULL, worker = NULL WHERE id = ? AND lease_token = ? AND state = 'running'`,
    ),
    wake: db.prepare(`UPDATE queue_jobs SET run_at = min(run_at, ?) WHERE state = 'queued' AND wait_key = ?`),
    reapRetry: db.prepare(
      `UPDATE queue_jobs SET state = 'queued', lease_token = NULL, lease_until = NULL, worker = NULL, run_at = ?,
         error = '{"code":"TIMMY_ERR_QUEUE_LEASE_EXPIRED","message":"the worker stopped renewing its lease"}'
       WHERE state = 'running' AND lease_until < ? AND attempts <= max_retries`,
    ),
    reapFail: db.prepare(
      `UPDATE queue_jobs SET state = 'failed', lease_until = NULL, finished_at = ?, prune_at = ?,
         error = '{"code":"TIMMY_ERR_QUEUE_LEASE_EXPIRED","message":"the worker stopped renewing its lease, and no retries were left"}'
       WHERE state = 'running' AND lease_until < ? AND attempts > max_retries`,
    ),
    renew: db.prepare(
      `UPDATE queue_jobs SET lease_until = ? WHERE id = ? AND lease_token = ? AND state = 'running'`,
    ),
    hasWork: db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'queued' AND run_at <= ?)
             OR EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'running' AND lease_until < ?)`,
      )
      .pluck(),
    get: db.prepare('SELECT * FROM queue_jobs WHERE id = ?'),
    state: db.prepare('SELECT state FROM queue_jobs WHERE id = ?').pluck(),
    revokeQueued: db.prepare(
      `UPDATE queue_jobs SET state = 'revoked', finished_at = ?, lease_until = NULL, prune_at = ?
       WHERE id = ? AND state IN ('queued', 'running')`,
    ),
    requeue: db.prepare(
      `UPDATE queue_jobs SET state = 'queued', attempts = 0, run_at = ?, finished_at = NULL, prune_at = NULL,
         lease_token = NULL, lease_until = NULL, error = NULL, result = NULL, expires_at = NULL
       WHERE id = ? AND ${FINISHED} AND state != 'done'`,
    ),
    pause: db.prepare('INSERT INTO queue_paused (task, since) VALUES (?, ?) ON CONFLICT (task) DO NOTHING'),
    unpause: db.prepare('DELETE FROM queue_paused WHERE task = ?'),
    pausedList: db.prepare('SELECT task FROM queue_paused ORDER BY task').pluck(),
    counts: db.prepare('SELECT task, state, count(*) AS n FROM queue_jobs GROUP BY task, state'),
    nextRunAt: db.prepare(`SELECT min(run_at) FROM queue_jobs WHERE state = 'queued'`).pluck(),
    prune: db.prepare(
      `DELETE FROM queue_jobs WHERE id IN
         (SELECT id FROM queue_jobs WHERE prune_at IS NOT NULL AND prune_at <= ? LIMIT ?)`,
    ),
    cursor: db.prepare('SELECT cursor FROM queue_schedule WHERE name = ?').pluck(),
    setCursor: db.prepare(
      `INSERT INTO queue_schedule (name, cursor, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    ),
  }

  type Candidate = Omit<ClaimedJob, 'token'> & { expiresAt: number | null; lockKey: string | null }

  const insertRow = (job: NewJob): { id: number; created: boolean } => {
    const info = q.insert.run(
      job.task,
      job.args,
      job.priority,
      job.maxRetries,
      job.retryDelayMs,
      job.timeoutMs,
      job.runAt,
      job.createdAt,
      job.expiresAt,
      job.idemKey,
      job.lockKey,
      job.scheduledFor,
    )
    if (info.changes === 1) return { id: Number(info.lastInsertRowid), created: true }
    return { id: Number(q.byIdem.get(job.task, job.idemKey)), created: false }
  }

  const reap = (now: number) => {
    if (now - lastReap < reapEvery) return
    lastReap = now
    q.reapFail.run(now, now + ttl, now)
    q.reapRetry.run(now, now)
  }

  const claim = (req: ClaimRequest, now: number): ClaimedJob[] => {
    reap(now)
    let candidates: Candidate[]
    if (req.onlyId !== undefined) {
      const one = q.one.get(req.onlyId) as Candidate | undefined
      candidates = one ? [one] : []
    } else {
      const stmt = (q.pausedCount.get() as number) > 0 ? q.readyUnpaused : q.ready
      candidates = stmt.all(now, req.limit + 8) as Candidate[]
    }
    const out: ClaimedJob[] = []
    const locks = new Set<string>()
    const prefix = `${req.tokenPrefix}${++tokenSeq}:`
    for (const c of candidates) {
      if (out.length >= req.limit) break
      if (c.expiresAt !== null && c.expiresAt <= now) {
        q.expire.run(now, now + ttl, c.id)
        continue
      }
      if (c.lockKey !== null) {
        if (locks.has(c.lockKey) || q.lockHeld.get(c.lockKey)) continue
        locks.add(c.lockKey)
      }
      out.push({
        id: c.id,
        task: c.task,
        args: c.args,
        attempts: c.attempts + 1,
        maxRetries: c.maxRetries,
        retryDelayMs: c.retryDelayMs,
        timeoutMs: c.timeoutMs,
        token: prefix + c.id,
        scheduledFor: c.scheduledFor,
      })
    }
    if (out.length > 0)
      q.take.run(prefix, now + req.leaseMs, req.worker, now, JSON.stringify(out.map((j) => j.id)))
    return out
  }

  const settle = (s: Settlement, now: number): boolean => {
    switch (s.kind) {
      case 'complete':
        return q.complete.run(s.result, now, now + ttl, s.id, s.token).changes === 1
      case 'retry':
        return q.retry.run(s.error, s.runAt, s.id, s.token).changes === 1
      case 'fail':
        return q.fail.run(s.error, now, now + ttl, s.id, s.token).changes === 1
      case 'release':
        return q.release.run(s.id, s.token).changes === 1
      case 'defer':
        return q.defer.run(s.runAt, s.waiting, s.key, s.id, s.token).changes === 1
    }
  }

  // Transaction functions made once (better-sqlite3 wraps them in BEGIN IMMEDIATE … COMMIT).
  const insertTx = db.transaction(insertRow)
  /** Completions go in one statement; retries, failures and releases one by one (they are rare). */
  const settleAll = (settlements: readonly Settlement[], now: number): boolean[] => {
    const completes = settlements.filter((s) => s.kind === 'complete')
    let done: Set<number> | undefined
    if (completes.length > 1) {
      const rows = JSON.stringify(completes.map((c) => [c.id, c.token, c.result]))
      done = new Set(q.completeMany.all(now, now + ttl, rows) as number[])
    }
    return settlements.map((s) => (done && s.kind === 'complete' ? done.has(s.id) : settle(s, now)))
  }
  const settleTx = db.transaction(
    (settlements: readonly Settlement[], req: ClaimRequest | undefined, now: number): SettleResult => ({
      applied: settlements.length ? settleAll(settlements, now) : [],
      claimed: req && req.limit > 0 ? claim(req, now) : [],
    }),
  )

  return {
    insert: (job) => whenFree(store.path, () => insertTx.immediate(job)),
    settleAndClaim: (settlements, req, now) =>
      whenFree(store.path, () => settleTx.immediate(settlements, req, now)),
    hasWork: (now) => q.hasWork.get(now, now) === 1,
    renew(leases, leaseUntil) {
      return store.immediate(() =>
        leases.filter((l) => q.renew.run(leaseUntil, l.id, l.token).changes !== 1).map((l) => l.id),
      )
    },
    revoke(id, now, resultTtlMs) {
      return store.immediate(() => {
        const state = q.state.get(id) as JobState | undefined
        if (state === 'queued' || state === 'running') q.revokeQueued.run(now, now + resultTtlMs, id)
        return state
      })
    },
    retry(id, now) {
      return store.immediate(() => {
        const state = q.state.get(id) as JobState | undefined
        q.requeue.run(now, id)
        return state
      })
    },
    setPaused(task, paused, now) {
      if (paused) q.pause.run(task, now)
      else q.unpause.run(task)
    },
    paused: () => q.pausedList.all() as string[],
    wake: (key, now) => whenFree(store.path, () => q.wake.run(now, key).changes),
    get: (id) => q.get.get(id) as JobRow | undefined,
    list({ state, task, limit }) {
      const where: string[] = []
      const params: unknown[] = []
      if (state) where.push('state = ?') && params.push(state)
      if (task) where.push('task = ?') && params.push(task)
      const sql = `SELECT * FROM queue_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
      return db.prepare(sql).all(...params, limit) as JobRow[]
    },
    counts: () => q.counts.all() as { task: string; state: JobState; n: number }[],
    nextRunAt: () => (q.nextRunAt.get() as number | null) ?? undefined,
    prune: (now, limit) => q.prune.run(now, limit).changes,
    advanceSchedule(name, plan: (cursor: number | undefined) => SchedulePlan) {
      return whenFree(store.path, () =>
        store.immediate(() => {
          const cursor = q.cursor.get(name) as number | undefined
          const next = plan(cursor)
          let inserted = 0
          for (const job of next.jobs) if (insertRow(job).created) inserted++
          if (next.cursor !== cursor) q.setCursor.run(name, next.cursor, Date.now())
          return inserted
        }),
      )
    },
    close() {},
  }
}

/**
 * Run a write transaction; if the database stays locked past the busy timeout (another process held
 * the write lock that long), try twice more, then fail with a coded error instead of SQLITE_BUSY.
 */
function whenFree<T>(path: string, fn: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return fn()
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw err
      if (attempt >= 3) throw E.QUEUE_BUSY({ path }, { cause: err, exitCode: 1 })
    }
  }
}
