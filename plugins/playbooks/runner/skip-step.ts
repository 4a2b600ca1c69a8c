import type { StepResult } from '../../../core/hooks.js'
import { E } from '../errors.js'
import { evaluate, truthy } from '../expression.js'
import type { CompiledStep } from '../load-playbook.js'
import type { StepBase } from './step-base.js'

/** The skipped result when a needed step did not run ok or `if:` is false; undefined when the step runs. */
export function skipStep(
  step: CompiledStep,
  base: StepBase,
  scope: Record<string, unknown>,
  outputs: Readonly<Record<string, { outcome: StepResult['outcome'] }>>,
): StepResult | undefined {
  // A step never runs on the output of a step that did not run ok (a vetoed classification has none).
  const missing = step.needs.find((id) => outputs[id] && outputs[id].outcome !== 'ok')
  if (missing) {
    const err = E.PLAYBOOK_NEEDS_OUTPUT({ step: step.id, ref: missing, outcome: outputs[missing]!.outcome })
    return { ...base, input: undefined, outcome: 'skipped', reason: err.bare, durationMs: 0 }
  }
  if (step.if && !truthy(evaluate(step.if, scope)))
    return {
      ...base,
      input: undefined,
      outcome: 'skipped',
      reason: `if: ${step.ifText} was false`,
      durationMs: 0,
    }
  return undefined
}
