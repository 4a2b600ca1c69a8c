import type { StepReturn } from '../../pool/pool-types.js'
import type { CompiledStep } from '../load-playbook.js'
import type { RunnerDeps, RunOptions } from '../run-playbook.js'

/** Run the step on the pool (or its stub, or its replacement) with the rendered inputs and the run's scope. */
export function executeStep(
  step: CompiledStep,
  params: Record<string, unknown>,
  scope: Record<string, unknown>,
  opts: RunOptions,
  deps: RunnerDeps,
): Promise<StepReturn> {
  const stub = opts.stubs?.get(step.id) ?? opts.stubs?.get(step.use)
  if (stub) return Promise.resolve(structuredClone(stub))
  const target = opts.replace?.get(step.id) ?? opts.replace?.get(step.use) ?? step.info
  const input = {
    with: params,
    event: scope.event,
    item: scope.item,
    steps: scope.steps,
    lane: scope.lane,
    run: scope.run,
  }
  const timeoutMs = step.timeoutMs ?? opts.stepTimeoutMs
  return deps.pool.run(
    { module: target.module, name: target.name, input },
    { label: step.use, ...(timeoutMs ? { timeoutMs } : {}), ...(opts.signal ? { signal: opts.signal } : {}) },
  )
}
