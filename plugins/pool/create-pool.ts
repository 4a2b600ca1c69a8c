/**
 * The worker pool (piscina). Each step runs in a worker thread; a step that throws, hangs past its
 * timeout (the thread is terminated through an AbortSignal) or exhausts its heap (`resourceLimits`)
 * fails alone with a coded error, and piscina replaces the thread, so the pool stays healthy.
 */
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import type { TimmyError } from '../../core/errors.js'
import { ownModule } from '../../core/package-root.js'
import { createDeadlines } from './deadlines.js'
import { E } from './errors.js'
import type { PoolStats, RunStepOptions, StepPool, StepReturn, StepTask, WorkerReply } from './pool-types.js'

export interface PoolOptions {
  /** Worker threads (default: the number of cores). */
  size?: number
  /** Heap limit of each worker, in MB (default 256). */
  maxMemoryMb?: number
  /** Default per-step timeout in ms (default 180 000). */
  stepTimeoutMs?: number
  /** Idle workers exit after this many ms (default 30 000). */
  idleTimeoutMs?: number
}

/** The worker module: `.ts` under tsx (tests), `.js` from `dist/` (where this module may sit in a bundled chunk). */
export function workerFile(): string {
  return pathToFileURL(ownModule('plugins/pool/worker.js')).href
}

export function createStepPool(options: PoolOptions = {}): StepPool {
  const size = options.size ?? availableParallelism()
  const maxMemoryMb = options.maxMemoryMb ?? 256
  const defaultTimeout = options.stepTimeoutMs ?? 180_000
  const piscina = new Piscina({
    filename: workerFile(),
    minThreads: Math.min(size, 1),
    maxThreads: size,
    idleTimeout: options.idleTimeoutMs ?? 30_000,
    resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
  })
  // A worker that dies between tasks must not crash the process; the task's own promise reports it.
  piscina.on('error', () => {})
  const deadlines = createDeadlines()
  let closed = false
  let completed = 0
  let failed = 0

  const run = async (task: StepTask, opts: RunStepOptions = {}): Promise<StepReturn> => {
    const step = opts.label ?? task.name
    if (closed) throw E.POOL_CLOSED(undefined, { exitCode: 1 })
    const timeoutMs = opts.timeoutMs ?? defaultTimeout
    const deadline = deadlines.add(timeoutMs, opts.signal)
    let reply: WorkerReply
    try {
      reply = (await piscina.run(task, { signal: deadline.signal })) as WorkerReply
    } catch (err) {
      failed++
      if (deadline.expired) throw E.POOL_STEP_TIMEOUT({ step, timeoutMs }, failure(err))
      if (opts.signal?.aborted)
        throw E.POOL_STEP_ABORTED({ step, reason: String(opts.signal.reason ?? 'aborted') }, failure(err))
      const code = (err as { code?: string }).code
      if (code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw E.POOL_STEP_OUT_OF_MEMORY({ step, limitMb: maxMemoryMb }, failure(err))
      if (closed) throw E.POOL_CLOSED(undefined, failure(err))
      throw E.POOL_WORKER_CRASHED({ step, reason: (err as Error).message ?? String(err) }, failure(err))
    } finally {
      deadline.clear()
    }
    if (reply.ok) {
      completed++
      return reply.result
    }
    failed++
    throw replyError(step, task, reply.error)
  }

  return {
    run,
    stats(): PoolStats {
      return { threads: piscina.threads.length, completed, failed, queued: piscina.queueSize }
    },
    async close() {
      if (closed) return
      closed = true
      deadlines.stop()
      await piscina.destroy()
    },
  }
}

function failure(cause: unknown) {
  return { cause, exitCode: 1 }
}

function replyError(
  step: string,
  task: StepTask,
  e: Extract<WorkerReply, { ok: false }>['error'],
): TimmyError {
  const extra = { exitCode: 1, details: { step, ...(e.code ? { stepErrorCode: e.code } : {}) } }
  switch (e.kind) {
    case 'load':
      return E.POOL_MODULE_LOAD_FAILED({ module: task.module, reason: e.message }, extra)
    case 'not-found':
      return E.POOL_STEP_NOT_FOUND({ step: task.name, module: task.module, known: e.known ?? '' }, extra)
    case 'bad-result':
      return E.POOL_BAD_RESULT({ step, reason: e.message }, extra)
    default:
      return E.POOL_STEP_THREW({ step, reason: e.message }, extra)
  }
}
