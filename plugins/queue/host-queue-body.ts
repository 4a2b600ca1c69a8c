/** The `queue` service's code behind its async methods, imported on the first call (host-queue.ts loads it lazily). */
export { createCore } from './host-queue/open-core.js'
export { pruneExpired } from './host-queue/prune-expired.js'
export { startQueue } from './host-queue/start-queue.js'
export { readNextRuns } from './next-runs.js'
export { readQueueOverview } from './queue-rollup.js'
