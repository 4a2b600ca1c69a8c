/**
 * The periodic scheduler. Each schedule (a task + cron expression + time zone + catch-up policy)
 * has a cursor in the store: the last instant already planned. A tick advances every cursor to
 * "now" inside one write transaction per schedule, so however many schedulers run (threads,
 * processes, hosts on one database) each instant is enqueued exactly once; the job's idempotency
 * key `cron:<instant>` is a second guard. Instants missed while nothing ran are handled by the
 * schedule's policy: an instant at most `graceMs` late is on time and runs under every policy; of the
 * missed ones `skip` runs none, `latest` the most recent one, once, `all` every one (up to `maxCatchUp`).
 * The parts live in `scheduler/`: building a schedule, planning one, the tick and the timer loop.
 */
import type { Cron } from 'croner'
import type { QueueCore } from './queue.js'
import { runLoop } from './scheduler/run-loop.js'
import type { SchedulerState } from './scheduler/state.js'
import { tickSchedules } from './scheduler/tick-schedules.js'
import { toSchedule } from './scheduler/to-schedule.js'

export type CatchUp = 'skip' | 'latest' | 'all'

export interface ScheduleSpec {
  /** Schedule name (cursor key); default the task name. */
  name?: string
  task: string
  cron: string
  timezone?: string
  catchUp?: CatchUp
  args?: unknown
  priority?: number
}

export interface Schedule {
  name: string
  task: string
  cron: Cron
  catchUp: CatchUp
  args: unknown
  priority?: number
}

export interface Scheduler {
  readonly schedules: readonly Schedule[]
  /** Plan every schedule up to now; returns how many jobs this call enqueued. */
  tick(): Promise<number>
  /** Tick now and at every next instant (real time), until `stop`. */
  start(): void
  stop(): void
}

export interface SchedulerOptions {
  graceMs?: number
  maxCatchUp?: number
  /** Longest sleep between ticks in real time (default 60 s). */
  maxSleepMs?: number
  /** Leave out a schedule that fails validation (and report it) instead of throwing. */
  onInvalid?: (spec: ScheduleSpec, err: unknown) => void
}

export function createScheduler(
  queue: QueueCore,
  specs: readonly ScheduleSpec[],
  options: SchedulerOptions = {},
): Scheduler {
  const schedules: Schedule[] = []
  for (const spec of specs) {
    try {
      schedules.push(toSchedule(queue, spec))
    } catch (err) {
      if (!options.onInvalid) throw err
      options.onInvalid(spec, err)
    }
  }
  const st: SchedulerState = {
    queue,
    schedules,
    graceMs: options.graceMs ?? queue.settings.catchUpGraceMs,
    maxCatchUp: options.maxCatchUp ?? queue.settings.maxCatchUp,
    maxSleep: options.maxSleepMs ?? 60_000,
    timer: undefined,
    running: false,
  }
  const scheduler: Scheduler = {
    schedules,
    tick: () => tickSchedules(st),
    start() {
      if (st.running) return
      st.running = true
      void runLoop(st, () => scheduler.tick())
    },
    stop() {
      st.running = false
      clearTimeout(st.timer)
    },
  }
  return scheduler
}
