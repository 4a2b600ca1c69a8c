import type { StepContext, StepResult } from '../../../core/hooks.js'
import type { CompiledStep, LoadedPlaybook } from '../load-playbook.js'
import type { RunnerDeps, RunOptions } from '../run-playbook.js'
import { applyStepEffects } from './apply-step-effects.js'
import { errorOf } from './error-of.js'
import { executeStep } from './execute-step.js'
import type { StepBase } from './step-base.js'
import { stepResultOf } from './step-result-of.js'

/** Execute the step, report its tokens on the `usage` hook, then plan or apply its effects. */
export async function callStep(
  step: CompiledStep,
  params: Record<string, unknown>,
  scope: Record<string, unknown>,
  ctx: StepContext,
  base: StepBase,
  lane: LoadedPlaybook['lane'],
  opts: RunOptions,
  deps: RunnerDeps,
  now: () => number,
): Promise<StepResult> {
  let result: StepResult
  try {
    result = stepResultOf(await executeStep(step, params, scope, opts, deps), ctx, step, opts, deps)
  } catch (err) {
    result = { ...ctx, outcome: 'failed', error: errorOf(err), durationMs: 0 }
  }
  // Tokens were spent even in a dry run (the step ran): report them on the `usage` hook.
  if (result.usage)
    await deps.hooks.usage.promise({
      ...result.usage,
      source: 'playbook',
      runId: base.runId,
      stepId: base.stepId,
      playbook: base.playbook,
      ...(base.lane ? { lane: base.lane } : {}),
      at: new Date(now()).toISOString(),
    })
  if (result.outcome === 'ok' && result.effects?.length)
    await applyStepEffects(result, step, lane, opts, deps)
  return result
}
