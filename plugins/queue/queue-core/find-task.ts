/** Look up a task's handler: defined in code first, then offered elsewhere (plugin tasks). */
import { didYouMean } from '../../../core/did-you-mean.js'
import { E } from '../errors.js'
import type { TaskEntry } from '../queue.js'
import type { QueueState } from './state.js'

export function findTask(st: QueueState, name: string): TaskEntry | undefined {
  return st.handlers.get(name) ?? st.options.lookupTask?.(name)
}

/** The handler of `name`, or a coded error with a did-you-mean. */
export function requireTask(st: QueueState, name: string): TaskEntry {
  const entry = typeof name === 'string' ? findTask(st, name) : undefined
  if (entry) return entry
  const names = [...st.handlers.keys(), ...(st.options.taskNames?.() ?? [])]
  throw E.QUEUE_UNKNOWN_TASK({ task: String(name), suggestion: didYouMean(String(name), names) })
}
