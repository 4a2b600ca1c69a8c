import type { EvalRun } from '../eval-store.js'
import type { EvalOptions } from '../run-eval.js'
import type { EvalCase } from '../suite-schema.js'
import { EVAL_PIPELINE } from './eval-pipeline.js'
import type { EvalTally } from './eval-tally.js'
import { reserveTokens } from './reserve-tokens.js'

/** Reserve a case's worst case in the budget: go (with the hold's id), or not (stopped; a refusal stops the run). */
export async function reserveCase(
  o: EvalOptions,
  run: EvalRun,
  tally: EvalTally,
  c: EvalCase,
): Promise<{ go: false } | { go: true; held?: string }> {
  if (!o.budget) return { go: true }
  if (tally.stopped) return { go: false }
  const d = await o.budget.reserve({
    tokens: reserveTokens(c, o.maxTokens),
    playbook: EVAL_PIPELINE,
    model: o.model,
    runId: run.id,
    stepId: c.id,
  })
  if (!d.ok) {
    tally.stopped ??= { budget: d.budget, reason: d.reason }
    return { go: false }
  }
  return { go: true, held: d.id }
}
