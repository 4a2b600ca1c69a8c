/** Serialise ticks (and beats' detector work) so a slow restart never overlaps the next tick. */
import type { DeadmanScope } from './deadman-scope.js'

export function runSerially<T>(scope: DeadmanScope, fn: () => Promise<T>): Promise<T> {
  const run = scope.chain.then(fn, fn)
  scope.chain = run.catch(() => {})
  return run
}
