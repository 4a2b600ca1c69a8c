import { reasonOf } from '../../../core/errors.js'
import type { AppliedEffect, StepResult } from '../../../core/hooks.js'
import { E } from '../errors.js'
import type { CompiledStep, LoadedPlaybook } from '../load-playbook.js'
import { refuseEffectRepo } from '../refuse-effect-repo.js'
import type { RunnerDeps, RunOptions } from '../run-playbook.js'
import { errorOf } from './error-of.js'
import { failureOf } from './failure-of.js'
import { invalidPayload } from './invalid-payload.js'
import { mergeAnswer } from './merge-answer.js'

/** Check every effect (payload, lane repos), then plan them (dry run) or apply them in order until one fails. */
export async function applyStepEffects(
  result: StepResult,
  step: CompiledStep,
  lane: LoadedPlaybook['lane'],
  opts: RunOptions,
  deps: RunnerDeps,
): Promise<void> {
  const effects = result.effects ?? []
  const applied: AppliedEffect[] = []
  result.applied = applied
  // Each payload against its handler's schema, then the lane's repos, for all of the step's effects
  // before any is applied (or planned).
  const refusals = effects.map((e) => invalidPayload(e, deps) ?? refuseEffectRepo(lane, step.use, e))
  const refused = refusals.find((r) => r !== undefined)
  if (refused) {
    for (const [i, e] of effects.entries()) {
      const r = refusals[i]
      applied.push(
        r
          ? { kind: e.kind, status: 'refused', error: { code: r.code, message: r.bare } }
          : { kind: e.kind, status: 'not-applied' },
      )
    }
    result.outcome = 'failed'
    result.error = { code: refused.code, message: refused.bare }
    return
  }
  if (opts.dryRun ?? true) {
    for (const e of effects) applied.push({ kind: e.kind, status: 'planned' })
    return
  }
  let broken = false
  for (const e of effects) {
    if (broken) {
      applied.push({ kind: e.kind, status: 'not-applied' })
      continue
    }
    try {
      const handler = deps.effects.get(e.kind)
      if (!handler)
        throw E.PLAYBOOK_UNHANDLED_EFFECT({
          kind: e.kind,
          step: step.use,
          known: [...deps.effects.keys()].join(', '),
        })
      const answer = await handler.handler(e, {
        dryRun: false,
        runId: result.runId,
        stepId: result.stepId,
        playbook: result.playbook,
        ...(result.lane ? { lane: result.lane } : {}),
      })
      mergeAnswer(result, answer)
      const failure = failureOf(answer)
      if (failure) {
        // applied (it spent, it may have written) but it did not do its job: the step failed
        broken = true
        applied.push({ kind: e.kind, status: 'failed', result: answer, error: failure })
        result.outcome = 'failed'
        result.error = failure
        continue
      }
      applied.push({ kind: e.kind, status: 'applied', ...(answer === undefined ? {} : { result: answer }) })
    } catch (err) {
      broken = true
      const wrapped = E.PLAYBOOK_EFFECT_FAILED(
        { kind: e.kind, step: step.use, reason: reasonOf(err) },
        { cause: err, exitCode: 1 },
      )
      applied.push({ kind: e.kind, status: 'failed', error: errorOf(err) })
      result.outcome = 'failed'
      result.error = { code: wrapped.code, message: wrapped.bare }
    }
  }
}
