/** The PostgreSQL backend's reads (jobs, counts, the next run, paused tasks) and its prune: one statement each. */
import type { JobRow, QueueBackend } from '../backend.js'
import type { JobState } from '../queue-types.js'
import type { PgBackendState } from './state.js'

type Reads = Pick<QueueBackend, 'hasWork' | 'get' | 'list' | 'counts' | 'nextRunAt' | 'paused' | 'prune'>

export function readJobs({ pool }: PgBackendState): Reads {
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T | undefined> =>
    (await pool.query(sql, params)).rows[0] as T | undefined
  return {
    hasWork: async (now) =>
      (
        await one<{ w: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'queued' AND run_at <= $1)
               OR EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'running' AND lease_until < $1) AS w`,
          [now],
        )
      )?.w === true,
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
    paused: async () =>
      (await pool.query<{ task: string }>('SELECT task FROM queue_paused ORDER BY task')).rows.map(
        (r) => r.task,
      ),
    prune: async (now, limit) =>
      (
        await pool.query(
          `DELETE FROM queue_jobs WHERE id IN (SELECT id FROM queue_jobs WHERE prune_at IS NOT NULL AND prune_at <= $1
             LIMIT $2 FOR UPDATE SKIP LOCKED)`,
          [now, limit],
        )
      ).rowCount ?? 0,
  }
}
