/**
 * The `queue` service as the running host offers it (`host.maybeUse('queue')`).
 * It opens the store lazily (on the first call), resolves task handlers from `queue.define()` and
 * from plugin tasks (`host.tasks`), and starts workers and the scheduler on request
 * (`timmy serve` starts both, `timmy worker` only workers).
 * The parts live in `host-queue/`: opening the core, schedule specs, start, stop, pruning. The async
 * methods import their code (host-queue-body.ts) on the first call, so setting the plugin up is cheap.
 */

import type { PluginHost } from '../../core/plugin.js'
import type { PeriodicConfig, QueueConfig } from './config-schema.js'
import { E } from './errors.js'
import { scheduleSpecs } from './host-queue/schedule-specs.js'
import type { HostQueueState } from './host-queue/state.js'
import { stopQueue } from './host-queue/stop-queue.js'
import type { NextRun } from './next-runs.js'
import type { QueueCore, TaskEntry } from './queue.js'
import type { QueueOverview } from './queue-rollup.js'
import type { Queue, TaskDefaults, TaskHandler } from './queue-types.js'
import type { ScheduleSpec } from './scheduler.js'

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
  /** Stop, then close the backend (a PostgreSQL pool ends); a later call opens it again. The host calls it at close. */
  close(graceMs?: number): Promise<void>
}

let body: Promise<typeof import('./host-queue-body.js')> | undefined
const load = () => (body ??= import('./host-queue-body.js'))

export function createHostQueue(
  host: PluginHost,
  config: QueueConfig,
  options: { now?: () => number } = {},
): QueueService {
  const st: HostQueueState = {
    host,
    config,
    options,
    handlers: new Map<string, TaskEntry>(),
    corePromise: undefined,
    worker: undefined,
    scheduler: undefined,
  }
  // Kept in the state at once (before the code is imported), so a close finds a core still opening.
  const core = (): Promise<QueueCore> => (st.corePromise ??= load().then((m) => m.createCore(st)))
  return {
    concurrency: config.concurrency,
    periodic: config.periodic,
    core,
    scheduleSpecs: () => scheduleSpecs(host, config),
    define<A, R>(name: string, handler: TaskHandler<A, R>, defaults: TaskDefaults = {}) {
      if (st.handlers.has(name) || host.tasks.has(name)) throw E.QUEUE_DUPLICATE_TASK({ task: name })
      st.handlers.set(name, { handler: handler as TaskHandler, defaults })
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
    overview: async (o) => {
      const q = await core()
      // The hourly and wait rollups are SQLite triggers; on PostgreSQL only counts and pauses (this slice).
      if (q.backend.kind === 'sqlite') return (await load()).readQueueOverview(await host.store(), o)
      const [counts, paused] = await Promise.all([q.backend.counts(), q.backend.paused()])
      return { counts, paused, hourly: [], failed24h: {}, wait: [], totals: [] }
    },
    nextRuns: async (now) =>
      (await load()).readNextRuns(await host.store(), scheduleSpecs(host, config), now),
    pruneExpired: async (now) => (await load()).pruneExpired(await core(), now),
    start: async (start = {}) => (await load()).startQueue(st, start),
    stop: (graceMs) => stopQueue(st, graceMs),
    async close(graceMs) {
      await stopQueue(st, graceMs)
      const opened = st.corePromise
      st.corePromise = undefined
      await (await opened?.catch(() => undefined))?.close()
    },
  }
}
