/**
 * The core queue, opened at the first call: on the PostgreSQL server `store.url` names when it is set
 * (the shared pool of the `postgres` service), else over the host's SQLite store; tasks from
 * `define()` and from plugins.
 */

import type { Store } from '../../../core/store/store.js'
import { usePostgres } from '../../postgres/use-postgres.js'
import type { QueueBackend } from '../backend.js'
import { createQueue, type QueueCore, type TaskEntry } from '../queue.js'
import type { TaskDefaults } from '../queue-types.js'
import type { HostQueueState } from './state.js'

export function openCore(st: HostQueueState): Promise<QueueCore> {
  st.corePromise ??= createCore(st)
  return st.corePromise
}

/** A new core (callers keep it in `st.corePromise`, so that close finds a core still being opened). */
export function createCore(st: HostQueueState): Promise<QueueCore> {
  const { host, config, options, handlers } = st
  return openBackend(st).then((opened) =>
    createQueue({
      ...opened,
      config,
      lookupTask: (name) => lookupTask(st, name),
      taskNames: () => [...handlers.keys(), ...host.tasks.keys()],
      log: host.log,
      ...(options.now ? { now: options.now } : {}),
    }),
  )
}

async function openBackend({
  host,
  config,
}: HostQueueState): Promise<{ backend: QueueBackend } | { store: Store }> {
  const postgres = usePostgres(host, 'queue')
  if (!postgres) return { store: await host.store() }
  const { createPgBackend } = await import('../pg-backend.js')
  return { backend: await createPgBackend({ pool: await postgres.pool(), resultTtlMs: config.resultTtlMs }) }
}

/** A task defined with `define()`, else a plugin task (its handler gets the host). */
function lookupTask({ handlers, host }: HostQueueState, name: string): TaskEntry | undefined {
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
