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
import { reasonOf } from '../../core/errors.js'
import type { ClaimedJob, Settlement } from './backend.js'
import type { QueueCore } from './queue.js'
import { type Attempt, type AttemptEnv, runAttempt } from './run-attempt.js'

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

interface Running extends Attempt {
  done?: Promise<void>
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
  let settledSincePrune = 0
  let idleWaiters: (() => void)[] = []
  let unsubscribe: (() => void) | undefined

  const env: AttemptEnv = {
    now,
    random: queue.random,
    maxRetryDelayMs: s.maxRetryDelayMs,
    onError: (job, error) => emitter.emit('error-in-job', { id: job.id, task: job.task, error }),
  }

  const finish = (a: Running, settlement: Settlement | undefined) => {
    running.delete(a.job.id)
    if (settlement) pending.push(settlement)
    emitter.emit('settled', { id: a.job.id, kind: settlement?.kind ?? 'lost' })
    queueFlush()
  }

  const launch = (job: ClaimedJob) => {
    const a: Running = { job }
    running.set(job.id, a)
    const out = runAttempt(a, queue.task(job.task), env)
    if (!(out instanceof Promise)) return finish(a, out)
    a.done = out.then((settlement) => finish(a, settlement))
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
      emitter.emit('lost', { id })
      log?.warn({ id, task: r.job.task }, 'queue: lease lost (revoked or expired); abandoning the job')
      r.interrupt?.('lost', new Error('lease lost'))
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
      // An idle poll reads first and takes the write lock only when there is something to claim.
      const idle = settlements.length === 0 && (free === 0 || !backend.hasWork(t))
      result = idle
        ? { applied: [], claimed: [] }
        : backend.settleAndClaim(
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
    // Prune finished jobs past their time to live: at least every second, and often enough to
    // keep up with any throughput (the delete is sized to what was settled since).
    settledSincePrune += settlements.length
    if (settledSincePrune >= 2000 || (t - lastPrune >= 1000 && settledSincePrune > 0)) {
      lastPrune = t
      try {
        backend.prune(t, settledSincePrune + 1000)
      } catch {}
      settledSincePrune = 0
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
        for (const r of running.values()) r.interrupt?.('shutdown', new Error('shutdown'))
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
        const r: Running = { job }
        running.set(id, r)
        const settlement = await runAttempt(r, queue.task(job.task), env)
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
