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

/** Jobs that started more often than their retries allow (a lease lost and run again on another host). */
export const jobsRunTwice = (url: string) =>
  query<{ id: string; task: string; attempts: number; worker: string | null }>(
    url,
    'SELECT id::text, task, attempts, worker FROM queue_jobs WHERE attempts > max_retries + 1 ORDER BY id',
  )
