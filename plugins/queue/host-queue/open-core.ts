/** The core queue over the host's store, opened at the first call; tasks from `define()` and from plugins. */

import { createQueue, type QueueCore, type TaskEntry } from '../queue.js'
import type { TaskDefaults } from '../queue-types.js'
import type { HostQueueState } from './state.js'

export function openCore(st: HostQueueState): Promise<QueueCore> {
  const { host, config, options, handlers } = st
  st.corePromise ??= host.store().then((store) =>
    createQueue({
      store,
      config,
      lookupTask: (name) => lookupTask(st, name),
      taskNames: () => [...handlers.keys(), ...host.tasks.keys()],
      log: host.log,
      ...(options.now ? { now: options.now } : {}),
    }),
  )
  return st.corePromise
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
