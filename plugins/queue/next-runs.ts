/** The next instant each schedule of this host will enqueue (after its stored cursor and `now`). */
import type { Cron } from 'croner'
import type { Store } from '../../core/store/store.js'
import { parseCron } from './parse-cron.js'
import type { ScheduleSpec } from './scheduler.js'

export interface NextRun {
  schedule: string
  task: string
  cron: string
  next: number | null
  /** The last instant planned (the cursor), or null before the first tick. */
  last: number | null
}

const parsed = new Map<string, Cron>()

export function readNextRuns(store: Store, specs: readonly ScheduleSpec[], now: number): NextRun[] {
  const hasTable = store.db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'queue_schedule'`)
    .get()
  const cursor = hasTable
    ? store.db.prepare('SELECT cursor FROM queue_schedule WHERE name = ?').pluck()
    : undefined
  const runs: NextRun[] = []
  for (const spec of specs) {
    const name = spec.name ?? spec.task
    let next: number | null = null
    try {
      const key = `${spec.cron}\u0000${spec.timezone ?? ''}`
      let cron = parsed.get(key)
      if (!cron) parsed.set(key, (cron = parseCron(name, spec.cron, spec.timezone)))
      const after = cron.nextRun(new Date(now))
      next = after ? after.getTime() : null
    } catch {
      next = null
    }
    const last = (cursor?.get(name) as number | undefined) ?? null
    runs.push({ schedule: name, task: spec.task, cron: spec.cron, next, last })
  }
  return runs.sort((a, b) => (a.next ?? Infinity) - (b.next ?? Infinity))
}
