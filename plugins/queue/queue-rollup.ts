/**
 * Running totals of the queue for the operators' view (store module `queue.rollup`): triggers on
 * `queue_jobs` keep, in the same transaction as each change, the count per (task, state), starts,
 * completions and failures per hour, and a histogram of the enqueue→start wait of first attempts.
 * A read is a few small tables, never a scan of `queue_jobs`. The migration backfills from the
 * jobs still stored, so it may run at any time.
 */
import type { Store } from '../../core/store/store.js'
import type { JobState } from './queue-types.js'

export const HOUR_MS = 3_600_000
/** Upper bounds (ms) of the enqueue→start histogram buckets; the last bucket is +Inf. */
export const WAIT_BUCKETS_MS = [10, 50, 100, 500, 1000, 5000, 10_000, 30_000, 60_000, 300_000, 1_800_000]

const bucketCase = (d: string) =>
  `CASE ${WAIT_BUCKETS_MS.map((b, i) => `WHEN ${d} <= ${b} THEN ${i}`).join(' ')} ELSE ${WAIT_BUCKETS_MS.length} END`

const WAIT = 'max(0, new.started_at - new.created_at)'

const MIGRATIONS = [
  `CREATE TABLE queue_counts (task TEXT NOT NULL, state TEXT NOT NULL, n INTEGER NOT NULL,
     PRIMARY KEY (task, state)) WITHOUT ROWID;
   INSERT INTO queue_counts SELECT task, state, count(*) FROM queue_jobs GROUP BY task, state;
   CREATE TABLE queue_hourly (hour INTEGER NOT NULL, task TEXT NOT NULL, started INTEGER NOT NULL DEFAULT 0,
     done INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (hour, task)) WITHOUT ROWID;
   INSERT INTO queue_hourly (hour, task, started)
     SELECT started_at / ${HOUR_MS}, task, count(*) FROM queue_jobs WHERE started_at IS NOT NULL GROUP BY 1, 2;
   INSERT INTO queue_hourly (hour, task, done, failed)
     SELECT finished_at / ${HOUR_MS}, task, sum(state = 'done'), sum(state = 'failed') FROM queue_jobs
     WHERE finished_at IS NOT NULL AND state IN ('done', 'failed') GROUP BY 1, 2
     ON CONFLICT DO UPDATE SET done = excluded.done, failed = excluded.failed;
   CREATE TABLE queue_wait (task TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, sum_ms INTEGER NOT NULL,
     PRIMARY KEY (task, bucket)) WITHOUT ROWID;
   INSERT INTO queue_wait SELECT task, ${bucketCase('max(0, started_at - created_at)')}, count(*), sum(max(0, started_at - created_at))
     FROM queue_jobs WHERE started_at IS NOT NULL GROUP BY 1, 2;
   CREATE TRIGGER queue_counts_insert AFTER INSERT ON queue_jobs BEGIN
     INSERT INTO queue_counts VALUES (new.task, new.state, 1) ON CONFLICT DO UPDATE SET n = n + 1;
   END;
   CREATE TRIGGER queue_counts_delete AFTER DELETE ON queue_jobs BEGIN
     UPDATE queue_counts SET n = n - 1 WHERE task = old.task AND state = old.state;
   END;
   CREATE TRIGGER queue_counts_update AFTER UPDATE OF state ON queue_jobs WHEN old.state IS NOT new.state BEGIN
     UPDATE queue_counts SET n = n - 1 WHERE task = old.task AND state = old.state;
     INSERT INTO queue_counts VALUES (new.task, new.state, 1) ON CONFLICT DO UPDATE SET n = n + 1;
   END;
   CREATE TRIGGER queue_hourly_start AFTER UPDATE OF state ON queue_jobs
     WHEN new.state = 'running' AND old.state IS NOT 'running' AND new.started_at IS NOT NULL BEGIN
     INSERT INTO queue_hourly (hour, task, started) VALUES (new.started_at / ${HOUR_MS}, new.task, 1)
       ON CONFLICT DO UPDATE SET started = started + 1;
   END;
   CREATE TRIGGER queue_wait_first_start AFTER UPDATE OF state ON queue_jobs
     WHEN new.state = 'running' AND old.state IS NOT 'running' AND new.attempts = 1 AND new.started_at IS NOT NULL BEGIN
     INSERT INTO queue_wait VALUES (new.task, ${bucketCase(WAIT)}, 1, ${WAIT})
       ON CONFLICT DO UPDATE SET n = n + 1, sum_ms = sum_ms + excluded.sum_ms;
   END;
   CREATE TRIGGER queue_hourly_finish AFTER UPDATE OF state ON queue_jobs
     WHEN new.state IN ('done', 'failed') AND old.state IS NOT new.state BEGIN
     INSERT INTO queue_hourly (hour, task, done, failed)
       VALUES (coalesce(new.finished_at, new.started_at, new.created_at) / ${HOUR_MS}, new.task,
               new.state = 'done', new.state = 'failed')
       ON CONFLICT DO UPDATE SET done = done + excluded.done, failed = failed + excluded.failed;
   END;`,
]

export function migrateQueueRollup(store: Store): void {
  store.migrate('queue.rollup', MIGRATIONS)
}

export interface QueueOverview {
  /** Jobs stored now, per task and state (finished ones until their results are pruned). */
  counts: { task: string; state: JobState; n: number }[]
  /** Per hour since `since`: jobs started, finished done, finished failed (all tasks). */
  hourly: { hour: number; started: number; done: number; failed: number }[]
  /** Failed per task in the last 24 h (by hour of failure). */
  failed24h: Record<string, number>
  /** Enqueue→start wait of first attempts: non-cumulative counts per bucket (WAIT_BUCKETS_MS, then +Inf). */
  wait: { task: string; buckets: number[]; count: number; sumMs: number }[]
  /** Totals per task since the rollup began: started, done, failed (monotonic, for counters). */
  totals: { task: string; started: number; done: number; failed: number }[]
  /** Tasks paused now (`queue.pause`, e.g. by an exhausted budget). */
  paused: string[]
}

export function readQueueOverview(store: Store, opts: { now: number; since: number }): QueueOverview {
  migrateQueueRollup(store)
  const db = store.db
  const counts = db
    .prepare(`SELECT task, state, n FROM queue_counts WHERE n > 0 ORDER BY task, state`)
    .all() as QueueOverview['counts']
  const hourly = db
    .prepare(
      `SELECT hour, sum(started) AS started, sum(done) AS done, sum(failed) AS failed FROM queue_hourly
       WHERE hour >= ? GROUP BY hour ORDER BY hour`,
    )
    .all(Math.floor(opts.since / HOUR_MS)) as QueueOverview['hourly']
  const failed24h: Record<string, number> = {}
  for (const r of db
    .prepare(`SELECT task, sum(failed) AS n FROM queue_hourly WHERE hour >= ? GROUP BY task HAVING n > 0`)
    .all(Math.floor((opts.now - 24 * HOUR_MS) / HOUR_MS)) as { task: string; n: number }[])
    failed24h[r.task] = r.n
  const wait = new Map<string, QueueOverview['wait'][number]>()
  for (const r of db
    .prepare(`SELECT task, bucket, n, sum_ms FROM queue_wait ORDER BY task, bucket`)
    .all() as {
    task: string
    bucket: number
    n: number
    sum_ms: number
  }[]) {
    let w = wait.get(r.task)
    if (!w) {
      w = { task: r.task, buckets: new Array<number>(WAIT_BUCKETS_MS.length + 1).fill(0), count: 0, sumMs: 0 }
      wait.set(r.task, w)
    }
    w.buckets[r.bucket] = r.n
    w.count += r.n
    w.sumMs += r.sum_ms
  }
  const totals = db
    .prepare(
      `SELECT task, sum(started) AS started, sum(done) AS done, sum(failed) AS failed FROM queue_hourly GROUP BY task ORDER BY task`,
    )
    .all() as QueueOverview['totals']
  const paused = db.prepare('SELECT task FROM queue_paused ORDER BY task').pluck().all() as string[]
  return { counts, hourly, failed24h, wait: [...wait.values()], totals, paused }
}
