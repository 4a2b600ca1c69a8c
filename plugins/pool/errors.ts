/** The `pool` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    POOL_STEP_THREW: (a: { step: string; reason: string }) =>
      `step "${a.step}" threw: ${a.reason}. Fix the step (or its input); the pool stays healthy and other steps go on.`,
    POOL_STEP_TIMEOUT: (a: { step: string; timeoutMs: number }) =>
      `step "${a.step}" did not finish within ${a.timeoutMs} ms and was stopped. Raise the step's "timeout:" or fix the step so it returns.`,
    POOL_STEP_OUT_OF_MEMORY: (a: { step: string; limitMb: number }) =>
      `step "${a.step}" ran out of memory (limit ${a.limitMb} MB) and its worker was replaced. Make the step use less memory, or raise pluginOptions.pool.maxMemoryMb in the config.`,
    POOL_STEP_ABORTED: (a: { step: string; reason: string }) =>
      `step "${a.step}" was cancelled: ${a.reason}. Nothing to fix unless the cancellation was unexpected.`,
    POOL_STEP_NOT_FOUND: (a: { step: string; module: string; known: string }) =>
      `the steps module ${a.module} has no step "${a.step}" (exports: ${a.known || 'none'}). Export an async function with that name.`,
    POOL_MODULE_LOAD_FAILED: (a: { module: string; reason: string }) =>
      `cannot load the steps module ${a.module} in a worker: ${a.reason}. Fix the module so it imports cleanly (steps may only import plain modules).`,
    POOL_BAD_RESULT: (a: { step: string; reason: string }) =>
      `step "${a.step}" returned an invalid result: ${a.reason}. Return { output, effects?, usage? } of plain data.`,
    POOL_WORKER_CRASHED: (a: { step: string; reason: string }) =>
      `the worker running step "${a.step}" crashed: ${a.reason}. It was replaced; fix the step.`,
    POOL_CLOSED: () =>
      'the worker pool is closed. Start a new run; this happens when timmy is shutting down.',
  }),
}
