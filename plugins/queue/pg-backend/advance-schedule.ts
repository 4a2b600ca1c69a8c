/**
 * Move a schedule's cursor and insert its planned jobs in one transaction, under an advisory lock on
 * the schedule's name (it works before the schedule's row exists), so schedulers on every host take
 * turns and each instant is planned once. Returns how many jobs were inserted.
 */
import type { SchedulePlan } from '../backend.js'
import { insertJob } from './insert-job.js'
import { inTransaction, type PgBackendState } from './state.js'

export function advanceSchedule(
  st: PgBackendState,
  name: string,
  plan: (cursor: number | undefined) => SchedulePlan,
): Promise<number> {
  return inTransaction(st.pool, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('timmy.queue.schedule'), hashtext($1))`, [name])
    const { rows } = await c.query<{ cursor: number }>('SELECT cursor FROM queue_schedule WHERE name = $1', [
      name,
    ])
    const cursor = rows[0]?.cursor
    const next = plan(cursor)
    let inserted = 0
    for (const job of next.jobs) if ((await insertJob(c, job)).created) inserted++
    if (next.cursor !== cursor)
      await c.query(
        `INSERT INTO queue_schedule (name, cursor, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
        [name, next.cursor, Date.now()],
      )
    return inserted
  })
}
