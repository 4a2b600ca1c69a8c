/** Define a task's handler in code; a name already defined here or offered elsewhere is a coded error. */
import { E } from '../errors.js'
import type { TaskDefaults, TaskHandler } from '../queue-types.js'
import type { QueueState } from './state.js'

export function defineTask(st: QueueState, name: string, handler: TaskHandler, defaults: TaskDefaults): void {
  if (typeof name !== 'string' || name.length === 0)
    throw E.QUEUE_BAD_OPTION({ option: 'task', reason: 'a task name must be a non-empty string' })
  if (st.handlers.has(name) || st.options.lookupTask?.(name)) throw E.QUEUE_DUPLICATE_TASK({ task: name })
  st.handlers.set(name, { handler, defaults })
}
