/** Delete finished jobs whose result time to live has passed, 5000 at a time; returns how many. */
import type { QueueCore } from '../queue.js'

export function pruneExpired({ backend }: QueueCore, now: number): number {
  let total = 0
  for (let n = backend.prune(now, 5000); n > 0; n = backend.prune(now, 5000)) total += n
  return total
}
