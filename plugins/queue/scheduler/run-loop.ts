/** Tick now, wake local workers when jobs were enqueued, and sleep until the next instant of any schedule (at most `maxSleep`). */
import type { SchedulerState } from './state.js'

export async function runLoop(st: SchedulerState, tick: () => Promise<number>): Promise<void> {
  if (!st.running) return
  const { queue, schedules } = st
  const n = await tick()
  if (!st.running) return
  if (n > 0) queue.notify()
  const now = queue.now()
  let next = now + st.maxSleep
  for (const s of schedules) {
    const at = s.cron.nextRun(new Date(now))
    if (at) next = Math.min(next, at.getTime())
  }
  st.timer = setTimeout(() => void runLoop(st, tick), Math.max(5, next - now + 5))
}
