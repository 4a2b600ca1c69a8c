/** Advance one schedule's cursor to `now`, enqueueing the instants its catch-up policy picks; returns how many. */
import type { Cron } from 'croner'
import type { NewJob } from '../backend.js'
import type { Schedule } from '../scheduler.js'
import type { SchedulerState } from './state.js'

export function planSchedule(
  { queue, graceMs, maxCatchUp }: SchedulerState,
  s: Schedule,
  now: number,
): Promise<number> {
  return queue.backend.advanceSchedule(s.name, (cursor) => {
    if (cursor === undefined) return { cursor: now, jobs: [] }
    const due = dueInstants(s.cron, cursor, now, maxCatchUp)
    if (due.length === 0) return { cursor, jobs: [] }
    const chosen = s.catchUp === 'all' ? due : pickInstants(due, now, graceMs, s.catchUp === 'latest')
    const jobs: NewJob[] = chosen.map((t) => ({
      ...queue.buildJob(s.task, s.args, s.priority === undefined ? {} : { priority: s.priority }, t),
      idemKey: `cron:${s.name}:${t}`,
      runAt: t,
    }))
    return { cursor: due[due.length - 1]!, jobs }
  })
}

/** Instants in (cursor, now], oldest first; stops after `cap` (enough for every policy). */
function dueInstants(cron: Cron, cursor: number, now: number, cap: number): number[] {
  const out: number[] = []
  let at = cron.nextRun(new Date(cursor))
  while (at && at.getTime() <= now) {
    out.push(at.getTime())
    if (out.length > cap) out.shift()
    at = cron.nextRun(at)
  }
  return out
}

/**
 * Instants less than `graceMs` late are on time and always run; of the missed (later) ones, `latest`
 * adds only the most recent, `skip` none. `due` is oldest first.
 */
function pickInstants(due: readonly number[], now: number, graceMs: number, latest: boolean): number[] {
  const onTime = due.filter((t) => now - t <= graceMs)
  const missed = due.filter((t) => now - t > graceMs)
  return latest && missed.length ? [missed[missed.length - 1]!, ...onTime] : onTime
}
