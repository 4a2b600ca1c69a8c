/** What every part of the scheduler shares: the queue, its schedules, the catch-up limits and the timer. */
import type { QueueCore } from '../queue.js'
import type { Schedule } from '../scheduler.js'

export interface SchedulerState {
  readonly queue: QueueCore
  readonly schedules: Schedule[]
  /** An instant at most this late is on time. */
  readonly graceMs: number
  readonly maxCatchUp: number
  /** Longest sleep between ticks in real time. */
  readonly maxSleep: number
  timer: NodeJS.Timeout | undefined
  running: boolean
}
