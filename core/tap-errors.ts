/**
 * Tap failures seen while some work runs. The hook guard reports every failed tap to the host's log;
 * it also hands it to each collector active in the current async context, so the playbook runner can
 * fail a step (or flag a run) whose token usage or record a plugin could not write, instead of the
 * failure ending as a log line only.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { TimmyError } from './errors.js'

const active = new AsyncLocalStorage<readonly TimmyError[][]>()

/** Called by the hook guard for each failed tap. */
export function noteTapError(err: TimmyError): void {
  for (const list of active.getStore() ?? []) list.push(err)
}

/** Run `fn` and collect the tap failures it caused (nested collectors each see them). */
export async function collectTapErrors<T>(fn: () => Promise<T>): Promise<{ value: T; errors: TimmyError[] }> {
  const errors: TimmyError[] = []
  const value = await active.run([...(active.getStore() ?? []), errors], fn)
  return { value, errors }
}
