/**
 * The `queue` service as the running host offers it (`host.maybeUse('queue')`).
 * It opens the store lazily (on the first call), resolves task handlers from `queue.define()` and
 * from plugin tasks (`host.tasks`), and starts workers and the scheduler on request
 * (`timmy serve` starts both, `timmy worker` only workers).
 */

import type { PluginHost } from '../../core/plugin.js'
import type { PeriodicConfig, QueueConfig } from './config-schema.js'
import { E } from './errors.js'
import { type NextRun, readNextRuns } from './next-runs.js'
import { createQueue, type QueueCore, type TaskEntry } from './queue.js'
import { type QueueOverview, readQueueOverview } from './queue-rollup.js'
import type { Queue, TaskDefaults, TaskHandler } from './queue-types.js'
import { createScheduler, type Scheduler, type ScheduleSpec } from './scheduler.js'
import type { Worker } from './worker.js'

export interface StartOptions {
  /** Run the periodic scheduler (default: option `scheduler`). */
  scheduler?: boolean
  /** Concurrent jobs of this process's worker (default: option `concurrency`; 0 = none). */
  concurrency?: number
}

export interface QueueService extends Queue {
  /** `pluginOptions.queue.concurrency`: jobs a worker of this process runs at once (0 = no worker). */
  readonly concurrency: number
  /** `pluginOptions.queue.periodic`: the periodic tasks declared in the config. */
  readonly periodic: readonly PeriodicConfig[]
  /** The core queue over the opened store. */
  core(): Promise<QueueCore>
  /** Start workers and/or the scheduler (idempotent). */
  start(options?: StartOptions): Promise<void>
  /** Stop the scheduler, stop claiming, let running jobs finish up to the grace period, release the rest. */
  stop(graceMs?: number): Promise<void>
  /** The schedules this host runs: plugin tasks with a `schedule` and the option `periodic`. */
  scheduleSpecs(): ScheduleSpec[]
  /** Running totals for status and metrics (queue-rollup.ts: small tables kept by triggers, no scan of the jobs). */
  overview(opts: { now: number; since: number }): Promise<QueueOverview>
  /** The next instant each schedule fires (next-runs.ts). */
  nextRuns(now: number): Promise<NextRun[]>
  /** Delete finished jobs whose result time to live has passed; returns how many. */
  pruneExpired(now: number): Promise<number>
}

export function createHostQueue(
  host: PluginHost,
  config: QueueConfig,
  options: { now?: () => number } = {},
): QueueService {
  const handlers = new Map<string, TaskEntry>()
  let corePromise: Promise<QueueCore> | undefined
  let worker: Worker | undefined
  let scheduler: Scheduler | undefined

  const lookupTask = (name: string): TaskEntry | undefined => {
    const own = handlers.get(name)
    if (own) return own
    const registered = host.tasks.get(name)
    if (!registered) return undefined
    const { task } = registered
    const defaults: TaskDefaults = {}
    if (task.retries !== undefined) defaults.retries = task.retries
    if (task.timeoutMs !== undefined) defaults.timeout = task.timeoutMs
    return { handler: (args, ctx) => task.handler(args, { ...ctx, host }), defaults }
  }

  const core = (): Promise<QueueCore> => {
    corePromise ??= host.store().then((store) =>
      createQueue({
        store,
        config,
        lookupTask,
        taskNames: () => [...handlers.keys(), ...host.tasks.keys()],
        log: host.log,
        ...(options.now ? { now: options.now } : {}),
      }),
    )
    return corePromise
  }

  const scheduleSpecs = (): ScheduleSpec[] => {
    const specs: ScheduleSpec[] = []
    for (const { task } of host.tasks.values()) {
      if (!task.schedule) continue
      const spec: ScheduleSpec = { task: task.name, cron: task.schedule }
      if (task.timezone) spec.timezone = task.timezone
      if (task.catchUp) spec.catchUp = task.catchUp
      specs.push(spec)
    }
    for (const p of config.periodic) {
      const spec: ScheduleSpec = { name: p.name ?? p.task, task: p.task, cron: p.cron }
      if (p.timezone) spec.timezone = p.timezone
      if (p.catchUp) spec.catchUp = p.catchUp
      if (p.args !== undefined) spec.args = p.args
      if (p.priority !== undefined) spec.priority = p.priority
      specs.push(spec)
    }
    return specs
  }

  return {
    concurrency: config.concurrency,
    periodic: config.periodic,
    core,
    scheduleSpecs,
    define<A, R>(name: string, handler: TaskHandler<A, R>, defaults: TaskDefaults = {}) {
      if (handlers.has(name) || host.tasks.has(name)) throw E.QUEUE_DUPLICATE_TASK({ task: name })
      handlers.set(name, { handler: handler as TaskHandler, defaults })
    },
    enqueue: async (task, args, opts) => (await core()).enqueue(task, args, opts),
    result: async (id) => (await core()).result(id),
    get: async (id) => (await core()).get(id),
    list: async (filter) => (await core()).list(filter),
    revoke: async (id) => (await core()).revoke(id),
    retry: async (id) => (await core()).retry(id),
    pause: async (task) => (await core()).pause(task),
    resume: async (task) => (await core()).resume(task),
    wake: async (key) => (await core()).wake(key),
    stats: async () => (await core()).stats(),
    overview: async (o) => (await core(), readQueueOverview(await host.store(), o)),
    nextRuns: async (now) => readNextRuns(await host.store(), scheduleSpecs(), now),
    async pruneExpired(now) {
      const { backend } = await core()
      let total = 0
      for (let n = backend.prune(now, 5000); n > 0; n = backend.prune(now, 5000)) total += n
      return total
    },
    async start(start = {}) {
      const q = await core()
      const concurrency = start.concurrency ?? config.concurrency
      if (!worker && concurrency > 0) {
        worker = q.createWorker({ concurrency })
        worker.start()
      }
      if (!scheduler && (start.scheduler ?? config.scheduler)) {
        scheduler = createScheduler(q, scheduleSpecs(), {
          onInvalid: (spec, err) =>
            host.log.error(
              { schedule: spec.name ?? spec.task, code: (err as { code?: string }).code },
              `queue: schedule left out: ${(err as Error).message}`,
            ),
        })
        scheduler.start()
      }
      host.log.info(
        { concurrency: worker ? concurrency : 0, schedules: scheduler?.schedules.length ?? 0 },
        'queue started',
      )
    },
    async stop(graceMs) {
      scheduler?.stop()
      scheduler = undefined
      const w = worker
      worker = undefined
      await w?.stop(graceMs)
    },
  }
}
