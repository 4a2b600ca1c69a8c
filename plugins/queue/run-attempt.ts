/**
 * One attempt of a claimed job: call the handler and turn what happens into a settlement. A handler
 * that returns a plain value settles at once (no timer, no promise); one that returns a promise gets
 * a timeout timer, and `interrupt` (timeout, lease lost, shutdown) abandons it: its signal aborts
 * and its eventual outcome is ignored.
 */
import { reasonOf, TimmyError } from '../../core/errors.js'
import type { ClaimedJob, Settlement } from './backend.js'
import { jsonProblem } from './check-json.js'
import { JobDeferred } from './defer-job.js'
import { E } from './errors.js'
import type { TaskEntry } from './queue.js'
import type { JobContext } from './queue-types.js'
import { retryDelay } from './retry-delay.js'

export type Interruption = 'timeout' | 'lost' | 'shutdown'

export interface Attempt {
  job: ClaimedJob
  /** Why the attempt was abandoned, if it was. */
  why?: Interruption
  /** Abandon the attempt (set by `runAttempt` while a promise is pending). */
  interrupt?: (why: Interruption, reason: unknown) => void
  ac?: AbortController
}

export interface AttemptEnv {
  now: () => number
  random: () => number
  maxRetryDelayMs: number
  onError?: (job: ClaimedJob, err: unknown) => void
}

const errorJson = (err: unknown) =>
  JSON.stringify(
    err instanceof TimmyError ? { code: err.code, message: err.bare } : { message: reasonOf(err) },
  )

function failure(a: Attempt, err: unknown, env: AttemptEnv): Settlement | undefined {
  const { job } = a
  if (a.why === 'lost') return undefined
  if (a.why === 'shutdown') return { kind: 'release', id: job.id, token: job.token }
  if (a.why === undefined && err instanceof JobDeferred) {
    const { until, reason, key } = err.deferral
    const runAt = Number.isFinite(until) ? until : env.now()
    const waiting = JSON.stringify({ reason, until: new Date(runAt).toISOString(), ...(key ? { key } : {}) })
    return { kind: 'defer', id: job.id, token: job.token, runAt, waiting, key: key ?? null }
  }
  env.onError?.(job, err)
  const error = errorJson(err)
  if (job.attempts <= job.maxRetries) {
    const wait = retryDelay(job.attempts, job.retryDelayMs, env.maxRetryDelayMs, env.random)
    return { kind: 'retry', id: job.id, token: job.token, error, runAt: env.now() + wait }
  }
  return { kind: 'fail', id: job.id, token: job.token, error }
}

function success(a: Attempt, value: unknown, env: AttemptEnv): Settlement | undefined {
  const { job } = a
  const problem = jsonProblem(value ?? null, 'the result')
  if (problem) return failure(a, E.QUEUE_NOT_SERIALISABLE_RESULT({ task: job.task, reason: problem }), env)
  return { kind: 'complete', id: job.id, token: job.token, result: JSON.stringify(value ?? null) }
}

export function runAttempt(
  a: Attempt,
  entry: TaskEntry | undefined,
  env: AttemptEnv,
): Settlement | undefined | Promise<Settlement | undefined> {
  const { job } = a
  if (!entry) return failure(a, E.QUEUE_UNKNOWN_TASK({ task: job.task }), env)
  const ctx: JobContext = {
    get signal() {
      a.ac ??= new AbortController()
      return a.ac.signal
    },
    job: {
      id: job.id,
      task: job.task,
      attempt: job.attempts,
      token: job.token,
      ...(job.scheduledFor === null ? {} : { scheduledFor: new Date(job.scheduledFor).toISOString() }),
    },
  }
  let value: unknown
  try {
    value = entry.handler(JSON.parse(job.args), ctx)
  } catch (err) {
    return failure(a, err, env)
  }
  if (!value || typeof (value as PromiseLike<unknown>).then !== 'function') return success(a, value, env)
  return new Promise((resolve) => {
    let settled = false
    const finish = (s: () => Settlement | undefined) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      a.interrupt = undefined
      resolve(s())
    }
    const timer = setTimeout(
      () => interrupt('timeout', E.QUEUE_TIMEOUT({ task: job.task, timeoutMs: job.timeoutMs })),
      job.timeoutMs,
    )
    const interrupt = (why: Interruption, reason: unknown) => {
      if (settled) return
      a.why = why
      a.ac?.abort(reason)
      finish(() => failure(a, reason, env))
    }
    a.interrupt = interrupt
    ;(value as PromiseLike<unknown>).then(
      (v) => finish(() => success(a, v, env)),
      (err) => finish(() => failure(a, err, env)),
    )
  })
}
