/**
 * Readers of the fleet's PostgreSQL (the rehearsal on two hosts): what the shared queue holds, read
 * from its table rather than through one host's CLI.
 */
import pg from 'pg'

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

/** Scheduled instants enqueued more than once fleet-wide (periodic task and instant, with the count). */
export const repeatedInstants = (url: string) =>
  query<{ task: string; scheduled_for: string; n: string }>(
    url,
    `SELECT task, scheduled_for::text, count(*)::text AS n FROM queue_jobs
       WHERE scheduled_for IS NOT NULL GROUP BY task, scheduled_for HAVING count(*) > 1`,
  )

/** Jobs that started more often than their retries allow (a lease lost and run again on another host). */
export const jobsRunTwice = (url: string) =>
  query<{ id: string; task: string; attempts: number; worker: string | null }>(
    url,
    'SELECT id::text, task, attempts, worker FROM queue_jobs WHERE attempts > max_retries + 1 ORDER BY id',
  )
