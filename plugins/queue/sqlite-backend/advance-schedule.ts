/** Move a schedule's cursor and insert its planned jobs in one write transaction; returns how many were inserted. */
import type { SchedulePlan } from '../backend.js'
import { insertJob } from './insert-job.js'
import type { SqliteBackendState } from './state.js'
import { whenFree } from './when-free.js'

export function advanceSchedule(
  st: SqliteBackendState,
  name: string,
  plan: (cursor: number | undefined) => SchedulePlan,
): number {
  const { store, q } = st
  return whenFree(store.path, () =>
    store.immediate(() => {
      const cursor = q.cursor.get(name) as number | undefined
      const next = plan(cursor)
      let inserted = 0
      for (const job of next.jobs) if (insertJob(st, job).created) inserted++
      if (next.cursor !== cursor) q.setCursor.run(name, next.cursor, Date.now())
      return inserted
    }),
  )
}
