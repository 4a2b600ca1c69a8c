/**
 * A worker: claims ready jobs (up to `concurrency` at once), runs their handlers on this event loop,
 * renews their leases while they run, and settles them. Finished attempts are settled together with
 * the next claim in one transaction, batched per tick. An idle worker is woken by a local enqueue
 * and otherwise polls every `pollIntervalMs` for jobs enqueued by other processes.
 *
 * A handler is abandoned (its signal aborted) at its timeout, when its lease is lost (expired and
 * re-claimed elsewhere, or revoked), and at shutdown after the grace period; a worker that lost a
 * lease cannot complete or fail the job (the backend compares the lease token).
 */
import { EventEmitter } from 'node:events'
import { hostname } from 'node:os'
import { E, reasonOf, TimmyError } from '../errors.js'
import type { ClaimedJob, Settlement } from './backend.js'
import { jsonProblem } from './check-json.js'
import type { QueueCore } from './queue.js'
import { retryDelay } from './retry-delay.js'

export interface WorkerOptions {
  concurrency: number
  pollIntervalMs: number
  leaseMs: number
  graceMs: number
  /** Poll for jobs from other processes while idle (default true). */
  poll: boolean
  id: string
}

export interface Worker extends EventEmitter {
  readonly id: string
  /** Jobs running now. */
  readonly running: number
  /** Start claiming (idempotent). */
  start(): void
  /** Run ready jobs until none is ready and none runs (starts the worker if needed). */
  drain(): Promise<void>
  /** Stop claiming; wait up to `graceMs` for running jobs, then release the rest. */
  stop(graceMs?: number): Promise<void>
  /** Claim and run one job now, retrying inline until it is final (immediate mode). */
  runJob(id: number): Promise<void>
}

type Abort = 'timeout' | 'lost' | 'shutdown'

interface Running {
  job: ClaimedJob
  ac: AbortController
  why?: Abort
  done: Promise<void>
}

let workerSeq = 0

export function createWorker(queue: QueueCore, given: Partial<WorkerOptions> = {}): Worker {
  const s = queue.settings
  const opts: WorkerOptions = {
    concurrency: given.concurrency ?? s.concurrency,
    pollIntervalMs: given.pollIntervalMs ?? s.pollIntervalMs,
    leaseMs: given.leaseMs ?? s.leaseMs,
    graceMs: given.graceMs ?? s.graceMs,
    poll: given.poll ?? true,
    id:
      given.id ??
      `${hostname()}:${process.pid}:${(++workerSeq).toString(36)}${Math.random().toString(36).slice(2, 6)}`,
  }
  const { backend, now, log } = queue
  const tokenPrefix = `${opts.id}#`
  const emitter = new EventEmitter()
  const running = new Map<number, Running>()
  let pending: Settlement[] = []
  let flushQueued = false
  let started = false
  let stopping = false
  let pollTimer: NodeJS.Timeout | undefined
  let renewTimer: NodeJS.Timeout | undefined
  let lastPrune = Number.NEGATIVE_INFINITY
  let idleWaiters: (() => void)[] = []
  let unsubscribe: (() => void) | undefined

  const errorJson = (err: unknown) =>
    JSON.stringify(
      err instanceof TimmyError ? { code: err.code, message: err.bare } : { message: reasonOf(err) },
    )

  /** Run one claimed job to a settlement (undefined: the lease was lost, nothing to settle). */
  const execute = async (r: Running): Promise<Settlement | undefined> => {
    const { job, ac } = r
    const entry = queue.task(job.task)
    let timer: NodeJS.Timeout | undefined
    try {
      if (!entry) throw E.QUEUE_UNKNOWN_TASK({ task: job.task })
      const stop = new Promise<never>((_, reject) => {
        ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true })
        timer = setTimeout(() => {
          r.why = 'timeout'
          ac.abort(E.QUEUE_TIMEOUT({ task: job.task, timeoutMs: job.timeoutMs }))
        }, job.timeoutMs)
      })
      stop.catch(() => {})
      const ctx = {
        signal: ac.signal,
        job: {
          id: job.id,
          task: job.task,
          attempt: job.attempts,
          token: job.token,
          ...(job.scheduledFor === null ? {} : { scheduledFor: new Date(job.scheduledFor).toISOString() }),
        },
      }
      const value = await Promise.race([entry.handler(JSON.parse(job.args), ctx), stop])
      const problem = jsonProblem(value ?? null, 'the result')
      if (problem) throw E.QUEUE_NOT_SERIALISABLE_RESULT({ task: job.task, reason: problem })
      return { kind: 'complete', id: job.id, token: job.token, result: JSON.stringify(value ?? null) }
    } catch (err) {
      if (r.why === 'lost') return undefined
      if (r.why === 'shutdown') return { kind: 'release', id: job.id, token: job.token }
      const error = errorJson(err)
      emitter.emit('error-in-job', { id: job.id, task: job.task, error: err })
      if (job.attempts <= job.maxRetries) {
        const wait = retryDelay(job.attempts, job.retryDelayMs, s.maxRetryDelayMs, queue.random)
        return { kind: 'retry', id: job.id, token: job.token, error, runAt: now() + wait }
      }
      return { kind: 'fail', id: job.id, token: job.token, error }
    } finally {
      clearTimeout(timer)
    }
  }

  const launch = (job: ClaimedJob) => {
    const r = { job, ac: new AbortController() } as Running
    running.set(job.id, r)
    r.done = execute(r).then((settlement) => {
      running.delete(job.id)
      if (settlement) pending.push(settlement)
      emitter.emit('settled', { id: job.id, kind: settlement?.kind ?? 'lost' })
      queueFlush()
    })
    if (!renewTimer) {
      renewTimer = setInterval(renew, Math.max(10, Math.floor(opts.leaseMs / 3)))
      renewTimer.unref()
    }
  }

  const renew = () => {
    if (running.size === 0) {
      clearInterval(renewTimer)
      renewTimer = undefined
      return
    }
    const leases = [...running.values()]
      .filter((r) => !r.why)
      .map((r) => ({ id: r.job.id, token: r.job.token }))
    let lost: number[]
    try {
      lost = backend.renew(leases, now() + opts.leaseMs)
    } catch (err) {
      log?.warn({ err: reasonOf(err) }, 'queue: lease renewal failed; will retry')
      return
    }
    for (const id of lost) {
      const r = running.get(id)
      if (!r || r.why) continue
      r.why = 'lost'
      emitter.emit('lost', { id })
      log?.warn({ id, task: r.job.task }, 'queue: lease lost (revoked or expired); abandoning the job')
      r.ac.abort(new Error('lease lost'))
    }
  }

  const queueFlush = () => {
    if (flushQueued) return
    flushQueued = true
    setImmediate(flush)
  }

  const flush = () => {
    flushQueued = false
    const settlements = pending
    pending = []
    const free = started && !stopping ? opts.concurrency - running.size : 0
    const t = now()
    let result: ReturnType<typeof backend.settleAndClaim>
    try {
      result = backend.settleAndClaim(
        settlements,
        free > 0 ? { worker: opts.id, limit: free, leaseMs: opts.leaseMs, tokenPrefix } : undefined,
        t,
      )
    } catch (err) {
      pending = settlements.concat(pending)
      log?.error({ err: reasonOf(err) }, 'queue: claim failed; retrying after the poll interval')
      schedulePoll()
      return
    }
    result.applied.forEach((ok, i) => {
      if (!ok) {
        const st = settlements[i]!
        emitter.emit('lost', { id: st.id })
        log?.warn(
          { id: st.id },
          'queue: a finished attempt no longer owned its job (lease lost); result discarded',
        )
      }
    })
    for (const job of result.claimed) launch(job)
    if (t - lastPrune >= 1000) {
      lastPrune = t
      try {
        backend.prune(t, 5000)
      } catch {}
    }
    if (result.claimed.length === 0 && running.size === 0 && pending.length === 0) {
      const waiters = idleWaiters
      idleWaiters = []
      for (const w of waiters) w()
    }
    if (result.claimed.length < free) schedulePoll()
  }

  const schedulePoll = () => {
    if (!opts.poll || stopping || !started) return
    clearTimeout(pollTimer)
    let wait = opts.pollIntervalMs
    const next = backend.nextRunAt()
    if (next !== undefined) wait = Math.max(1, Math.min(wait, next - now()))
    pollTimer = setTimeout(queueFlush, wait)
  }

  const worker = Object.assign(emitter, {
    id: opts.id,
    start() {
      if (started) return
      started = true
      stopping = false
      unsubscribe = queue.onEnqueue(queueFlush)
      queueFlush()
    },
    drain() {
      const idle = new Promise<void>((resolve) => idleWaiters.push(resolve))
      if (!started) worker.start()
      queueFlush()
      return idle
    },
    async stop(graceMs = opts.graceMs) {
      if (!started) return
      stopping = true
      unsubscribe?.()
      clearTimeout(pollTimer)
      if (running.size > 0) {
        let timer: NodeJS.Timeout | undefined
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))
        await Promise.race([Promise.all([...running.values()].map((r) => r.done)), grace])
        clearTimeout(timer)
        for (const r of running.values()) {
          if (r.why) continue
          r.why = 'shutdown'
          r.ac.abort(new Error('shutdown'))
        }
        await Promise.all([...running.values()].map((r) => r.done))
      }
      clearInterval(renewTimer)
      renewTimer = undefined
      const settlements = pending
      pending = []
      if (settlements.length) backend.settleAndClaim(settlements, undefined, now())
      started = false
      const waiters = idleWaiters
      idleWaiters = []
      for (const w of waiters) w()
    },
    async runJob(id: number) {
      for (;;) {
        const { claimed } = backend.settleAndClaim(
          [],
          { worker: opts.id, limit: 1, leaseMs: opts.leaseMs, tokenPrefix, onlyId: id },
          now(),
        )
        const job = claimed[0]
        if (!job) return
        const r = { job, ac: new AbortController() } as Running
        running.set(id, r)
        const settlement = await execute(r)
        running.delete(id)
        if (!settlement) return
        backend.settleAndClaim([settlement], undefined, now())
        if (settlement.kind !== 'retry') return
      }
    },
  })
  Object.defineProperty(worker, 'running', { get: () => running.size, enumerable: true })
  return worker as typeof worker & { readonly running: number }
}
