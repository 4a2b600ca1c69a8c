/** Validate an enqueue and build its row; shared by enqueue and the scheduler. */
import type { NewJob } from '../backend.js'
import { jsonProblem } from '../check-json.js'
import { E } from '../errors.js'
import type { EnqueueOptions } from '../queue-types.js'
import { checkInstant, checkNumber, isPriority, PRIORITY_MAX, PRIORITY_MIN } from './check-option.js'
import { requireTask } from './find-task.js'
import type { QueueState } from './state.js'

export function buildJob(
  st: QueueState,
  name: string,
  args: unknown,
  opts: EnqueueOptions,
  scheduledFor: number | null,
): NewJob {
  const { settings, now } = st
  if (st.closed) throw E.QUEUE_CLOSED()
  const entry = requireTask(st, name)
  const problem = jsonProblem(args)
  if (problem) throw E.QUEUE_BAD_ARGS({ task: name, reason: problem })
  if (opts === null || typeof opts !== 'object')
    throw E.QUEUE_BAD_OPTION({ option: 'options', reason: 'expected an object' })
  const d = entry.defaults
  const t = now()
  const delay = checkNumber('delay', opts.delay)
  const eta = checkInstant(now, 'eta', opts.eta, false)
  if (delay !== undefined && eta !== undefined)
    throw E.QUEUE_BAD_OPTION({ option: 'delay', reason: 'give delay or eta, not both' })
  const priority = opts.priority ?? d.priority ?? 0
  if (!isPriority(priority))
    throw E.QUEUE_BAD_OPTION({
      option: 'priority',
      reason: `expected a whole number from ${PRIORITY_MIN} to ${PRIORITY_MAX}, got ${String(priority)}`,
    })
  const retries = checkNumber('retries', opts.retries ?? d.retries) ?? settings.retries
  if (!Number.isInteger(retries))
    throw E.QUEUE_BAD_OPTION({ option: 'retries', reason: `expected a whole number, got ${retries}` })
  const idem = opts.idempotencyKey
  if (idem !== undefined && (typeof idem !== 'string' || idem.length === 0))
    throw E.QUEUE_BAD_OPTION({ option: 'idempotencyKey', reason: 'expected a non-empty string' })
  const lock = opts.lock ?? d.lock
  if (lock !== undefined && (typeof lock !== 'string' || lock.length === 0))
    throw E.QUEUE_BAD_OPTION({ option: 'lock', reason: 'expected a non-empty string' })
  return {
    task: name,
    args: JSON.stringify(args),
    priority,
    runAt: eta ?? t + (delay ?? 0),
    maxRetries: retries,
    retryDelayMs: checkNumber('retryDelay', opts.retryDelay ?? d.retryDelay) ?? settings.retryDelayMs,
    timeoutMs: checkNumber('timeout', opts.timeout ?? d.timeout, 1) ?? settings.timeoutMs,
    expiresAt: checkInstant(now, 'expires', opts.expires, true) ?? null,
    idemKey: idem ?? null,
    lockKey: lock ?? null,
    scheduledFor,
    createdAt: t,
  }
}
