/** Plan every schedule up to now; a schedule that fails is logged and retried at the next tick. Returns how many jobs were enqueued. */
import { reasonOf } from '../../../core/errors.js'
import { planSchedule } from './plan-schedule.js'
import type { SchedulerState } from './state.js'

export async function tickSchedules(st: SchedulerState): Promise<number> {
  const { queue, schedules } = st
  const now = queue.now()
  let n = 0
  for (const s of schedules) {
    try {
      n += await planSchedule(st, s, now)
    } catch (err) {
      queue.log?.error({ schedule: s.name, err: reasonOf(err) }, 'queue: scheduling failed; will retry')
    }
  }
  return n
}
