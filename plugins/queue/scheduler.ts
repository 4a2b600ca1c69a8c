/**
 * The periodic scheduler. Each schedule (a task + cron expression + time zone + catch-up policy)
 * has a cursor in the store: the last instant already planned. A tick advances every cursor to
 * "now" inside one write transaction per schedule, so however many schedulers run (threads,
 * processes, hosts on one database) each instant is enqueued exactly once; the job's idempotency
 * key `cron:<instant>` is a second guard. Instants missed while nothing ran are handled by the
 * schedule's policy: an instant at most `graceMs` late is on time and runs under every policy; of the
 * missed ones `skip` runs none, `latest` the most recent one, once, `all` every one (up to `maxCatchUp`).
 */
import type { Cron } from 'croner'
import { reasonOf } from '../../core/errors.js'
import type { NewJob } from './backend.js'
import { parseCron } from './parse-cron.js'
import type { QueueCore } from './queue.js'

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
  tick(): number
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
  const graceMs = options.graceMs ?? queue.settings.catchUpGraceMs
  const maxCatchUp = options.maxCatchUp ?? queue.settings.maxCatchUp
  const maxSleep = options.maxSleepMs ?? 60_000
  const schedules: Schedule[] = []
  for (const spec of specs) {
    try {
      schedules.push(toSchedule(queue, spec))
    } catch (err) {
      if (!options.onInvalid) throw err
      options.onInvalid(spec, err)
    }
  }
  let timer: NodeJS.Timeout | undefined
  let running = false

  /** Instants in (cursor, now], oldest first; stops after `cap` (enough for every policy). */
  const dueInstants = (cron: Cron, cursor: number, now: number, cap: number): number[] => {
    const out: number[] = []
    let at = cron.nextRun(new Date(cursor))
    while (at && at.getTime() <= now) {
      out.push(at.getTime())
      if (out.length > cap) out.shift()
      at = cron.nextRun(at)
    }
    return out
  }

  const planOne = (s: Schedule, now: number) =>
    queue.backend.advanceSchedule(s.name, (cursor) => {
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

  const scheduler: Scheduler = {
    schedules,
    tick() {
      const now = queue.now()
      let n = 0
      for (const s of schedules) {
        try {
          n += planOne(s, now)
        } catch (err) {
          queue.log?.error({ schedule: s.name, err: reasonOf(err) }, 'queue: scheduling failed; will retry')
        }
      }
      return n
    },
    start() {
      if (running) return
      running = true
      const loop = () => {
        if (!running) return
        const n = scheduler.tick()
        if (n > 0) queue.notify()
        const now = queue.now()
        let next = now + maxSleep
        for (const s of schedules) {
          const at = s.cron.nextRun(new Date(now))
          if (at) next = Math.min(next, at.getTime())
        }
        timer = setTimeout(loop, Math.max(5, next - now + 5))
      }
      loop()
    },
    stop() {
      running = false
      clearTimeout(timer)
    },
  }
  return scheduler
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

function toSchedule(queue: QueueCore, spec: ScheduleSpec): Schedule {
  const name = spec.name ?? spec.task
  const schedule: Schedule = {
    name,
    task: spec.task,
    cron: parseCron(name, spec.cron, spec.timezone),
    catchUp: spec.catchUp ?? queue.settings.catchUp,
    args: spec.args ?? null,
  }
  if (spec.priority !== undefined) schedule.priority = spec.priority
  // Validate the task and its args now, not at the first instant.
  queue.buildJob(spec.task, schedule.args, {}, null)
  return schedule
}
