/** A worker's options: the given ones over the queue's settings, and a unique id (host, pid, sequence, random). */
import { hostname } from 'node:os'
import type { QueueCore } from '../queue.js'
import type { WorkerOptions } from '../worker.js'

let workerSeq = 0

export function resolveWorkerOptions(queue: QueueCore, given: Partial<WorkerOptions>): WorkerOptions {
  const s = queue.settings
  return {
    concurrency: given.concurrency ?? s.concurrency,
    pollIntervalMs: given.pollIntervalMs ?? s.pollIntervalMs,
    leaseMs: given.leaseMs ?? s.leaseMs,
    graceMs: given.graceMs ?? s.graceMs,
    poll: given.poll ?? true,
    id:
      given.id ??
      `${hostname()}:${process.pid}:${(++workerSeq).toString(36)}${Math.random().toString(36).slice(2, 6)}`,
  }
}
