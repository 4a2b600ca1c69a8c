import type { StepContext, StepResult } from '../../../core/hooks.js'
import { collectTapErrors } from '../../../core/tap-errors.js'
import { inputProblem } from '../check-step-io.js'
import type { CompiledStep, LoadedPlaybook } from '../load-playbook.js'
import type { RunnerDeps, RunOptions } from '../run-playbook.js'
import { renderTemplate } from '../template.js'
import { callStep } from './call-step.js'
import { recordFailed } from './record-failed.js'
import { skipStep } from './skip-step.js'
import type { StepBase } from './step-base.js'

/** One step: skip, render and check its inputs, `beforeStep` veto, call it; lost usage records fail it. */
export async function runStep(
  step: CompiledStep,
  base: StepBase,
  scope: Record<string, unknown>,
  outputs: Readonly<Record<string, { outcome: StepResult['outcome'] }>>,
  lane: LoadedPlaybook['lane'],
  opts: RunOptions,
  deps: RunnerDeps,
  now: () => number,
): Promise<StepResult> {
  const t0 = now()
  const skipped = skipStep(step, base, scope, outputs)
  if (skipped) return skipped
  const params = renderTemplate(step.with, scope) as Record<string, unknown>
  const ctx: StepContext = { ...base, input: params }
  // What `${{ }}` rendered is checked against the step's declared inputs before it runs.
  const bad = step.info.inputs ? inputProblem(step.use, step.info.inputs, params) : undefined
  if (bad)
    return { ...ctx, outcome: 'failed', error: { code: bad.code, message: bad.bare }, durationMs: now() - t0 }
  const veto = await deps.hooks.beforeStep.promise(ctx)
  if (veto)
    return {
      ...ctx,
      outcome: 'vetoed',
      reason: veto.reason,
      ...(veto.by ? { vetoedBy: veto.by } : {}),
      durationMs: now() - t0,
    }
  const { value: result, errors } = await collectTapErrors(() =>
    callStep(step, params, scope, ctx, base, lane, opts, deps, now),
  )
  // Spend that no ledger holds is not an ok step: the usage hook's failures fail it, visibly.
  const lost = errors.find((e) => e.details?.hook === 'usage')
  if (lost && result.outcome !== 'failed') {
    const err = recordFailed(lost)
    result.outcome = 'failed'
    result.error = { code: err.code, message: err.bare }
  }
  result.durationMs = now() - t0
  return result
}
