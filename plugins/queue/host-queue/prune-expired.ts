/** Delete finished jobs whose result time to live has passed, 5000 at a time; returns how many. */
import type { QueueCore } from '../queue.js'

export async function pruneExpired({ backend }: QueueCore, now: number): Promise<number> {
  let total = 0
  for (let n = await backend.prune(now, 5000); n > 0; n = await backend.prune(now, 5000)) total += n
  return total
}
