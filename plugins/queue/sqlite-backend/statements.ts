/** The SQLite backend's prepared statements, grouped by the work they serve (texts unchanged, prepared once). */
import type BetterSqlite3 from 'better-sqlite3'
import type { Database } from '../../../core/store/store.js'

const FINISHED = `state IN ('done', 'failed', 'revoked', 'expired')`

/** Insert and claim: new rows, ready candidates, locks, taking and expiring jobs. */
type ClaimStatement =
  | 'insert'
  | 'byIdem'
  | 'pausedCount'
  | 'ready'
  | 'readyUnpaused'
  | 'one'
  | 'lockHeld'
  | 'take'
  | 'expire'

function prepareClaimStatements(db: Database): Record<ClaimStatement, Statement> {
  return {
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
  }
}

/** Settle and keep: finishing attempts, deferral, waking, reaping and renewing leases. */
type SettleStatement =
  | 'complete'
  | 'completeMany'
  | 'retry'
  | 'fail'
  | 'release'
  | 'defer'
  | 'wake'
  | 'reapRetry'
  | 'reapFail'
  | 'renew'
  | 'hasWork'

function prepareSettleStatements(db: Database): Record<SettleStatement, Statement> {
  return {
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
  }
}

/** Read and steer: rows, revoke and requeue, pauses, counts, pruning, schedule cursors. */
type AdminStatement =
  | 'get'
  | 'state'
  | 'revokeQueued'
  | 'requeue'
  | 'pause'
  | 'unpause'
  | 'pausedList'
  | 'counts'
  | 'nextRunAt'
  | 'prune'
  | 'cursor'
  | 'setCursor'

function prepareAdminStatements(db: Database): Record<AdminStatement, Statement> {
  return {
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
}

/** Every statement the backend runs, prepared once per backend. */
export function prepareStatements(db: Database): Statements {
  return { ...prepareClaimStatements(db), ...prepareSettleStatements(db), ...prepareAdminStatements(db) }
}

/** A prepared statement of the store's database. */
export type Statement = BetterSqlite3.Statement<unknown[], unknown>

export type Statements = Record<ClaimStatement | SettleStatement | AdminStatement, Statement>
