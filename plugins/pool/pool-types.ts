/**
 * The contract of the worker pool (service `pool`). A step is a plain async function exported by a
 * steps module (referenced by URL); it runs in a worker thread over plain data and returns
 * `{ output, effects?, usage? }`. Nothing but serialisable data crosses the boundary.
 */
import type { Effect, Usage } from '../../core/hooks.js'

/** What a step function returns. */
export interface StepReturn {
  output?: unknown
  effects?: Effect[]
  usage?: Usage
}

/** A step to run: the module URL (file: URL string), the export name and the input. */
export interface StepTask {
  module: string
  name: string
  input: unknown
}

export interface RunStepOptions {
  /** Stop the step after this many ms (the worker is replaced). Default: pluginOptions.pool.stepTimeoutMs. */
  timeoutMs?: number
  /** Cancel from outside (e.g. the run was revoked). */
  signal?: AbortSignal
  /** How the step is named in errors (`plugin/step`). */
  label?: string
}

export interface PoolStats {
  threads: number
  completed: number
  failed: number
  queued: number
}

/** Service `pool`. */
export interface StepPool {
  /** Run one step in a worker. Rejects with a coded POOL_* error; the pool stays healthy. */
  run(task: StepTask, options?: RunStepOptions): Promise<StepReturn>
  stats(): PoolStats
  close(): Promise<void>
}

/** The message a worker sends back (errors are data, so codes survive the thread boundary). */
export type WorkerReply =
  | { ok: true; result: StepReturn }
  | {
      ok: false
      error: {
        kind: 'threw' | 'not-found' | 'load' | 'bad-result'
        message: string
        code?: string
        known?: string
      }
    }
