import type { StepContext, StepResult } from '../../../core/hooks.js'
import type { StepReturn } from '../../pool/pool-types.js'
import { E } from '../errors.js'
import type { CompiledStep } from '../load-playbook.js'
import type { RunnerDeps, RunOptions } from '../run-playbook.js'

/** What the step returned as an ok result, failed when it emits an effect kind no plugin handles. */
export function stepResultOf(
  returned: StepReturn,
  ctx: StepContext,
  step: CompiledStep,
  opts: RunOptions,
  deps: RunnerDeps,
): StepResult {
  const result: StepResult = {
    ...ctx,
    outcome: 'ok',
    output: returned.output,
    ...(returned.effects?.length ? { effects: returned.effects } : {}),
    ...(returned.usage ? { usage: returned.usage } : {}),
    durationMs: 0,
  }
  if (opts.requireHandlers !== false) {
    const missing = returned.effects?.find((e) => !deps.effects.has(e.kind))
    if (missing) {
      const err = E.PLAYBOOK_UNHANDLED_EFFECT(
        { kind: missing.kind, step: step.use, known: [...deps.effects.keys()].sort().join(', ') },
        { exitCode: 1 },
      )
      return { ...result, outcome: 'failed', error: { code: err.code, message: err.bare } }
    }
  }
  return result
}
