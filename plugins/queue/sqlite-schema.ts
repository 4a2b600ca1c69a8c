/**
 * The queue's tables (store module "queue"). Times are epoch ms. `queue_jobs.prune_at` is set when
 * a job finishes (finish + result TTL); `queue_schedule.cursor` is the last planned cron instant;
 * `waiting`/`wait_key` are set while a job a handler deferred waits.
 */
export const QUEUE_MIGRATIONS = [
  `CREATE TABLE queue_jobs (
     id INTEGER PRIMARY KEY,
     task TEXT NOT NULL,
     args TEXT NOT NULL,
     state TEXT NOT NULL,
     priority INTEGER NOT NULL DEFAULT 0,
     attempts INTEGER NOT NULL DEFAULT 0,
     max_retries INTEGER NOT NULL,
     retry_delay_ms INTEGER NOT NULL,
     timeout_ms INTEGER NOT NULL,
     run_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     started_at INTEGER,
     finished_at INTEGER,
     expires_at INTEGER,
     idem_key TEXT,
     lock_key TEXT,
     worker TEXT,
     lease_token TEXT,
     lease_until INTEGER,
     result TEXT,
     error TEXT,
     scheduled_for INTEGER,
     prune_at INTEGER
   );
   CREATE INDEX queue_jobs_ready ON queue_jobs (priority DESC, run_at, id) WHERE state = 'queued';
   CREATE INDEX queue_jobs_lease ON queue_jobs (lease_until) WHERE state = 'running';
   CREATE INDEX queue_jobs_lock ON queue_jobs (lock_key) WHERE state = 'running' AND lock_key IS NOT NULL;
   CREATE INDEX queue_jobs_prune ON queue_jobs (prune_at) WHERE prune_at IS NOT NULL;
   CREATE UNIQUE INDEX queue_jobs_idem ON queue_jobs (task, idem_key) WHERE idem_key IS NOT NULL;
   CREATE TABLE queue_paused (task TEXT PRIMARY KEY, since INTEGER NOT NULL);
   CREATE TABLE queue_schedule (name TEXT PRIMARY KEY, cursor INTEGER NOT NULL, updated_at INTEGER NOT NULL);`,
  // A deferred job's reason (JSON) and wake key.
  `ALTER TABLE queue_jobs ADD COLUMN waiting TEXT;
   ALTER TABLE queue_jobs ADD COLUMN wait_key TEXT;
   CREATE INDEX queue_jobs_wait ON queue_jobs (wait_key) WHERE state = 'queued' AND wait_key IS NOT NULL;`,
]
