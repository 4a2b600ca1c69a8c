import type { Usage } from '../../../core/index.js'
import type { CaseResult, EvalRun } from '../eval-store.js'
import type { EvalOptions } from '../run-eval.js'
import { scoreAnswer } from '../score-answer.js'
import type { EvalCase } from '../suite-schema.js'
import { estimateUsage } from './estimate-usage.js'
import { EVAL_PIPELINE } from './eval-pipeline.js'

type ResultBase = Pick<CaseResult, 'case_id' | 'category' | 'attempts' | 'at'>

/** Score an answer into its result and settle (or record) its usage in the budget. */
export async function scoreCase(
  o: EvalOptions,
  run: EvalRun,
  c: EvalCase,
  answer: { text: string; usage?: Usage | undefined },
  base: ResultBase,
  started: number,
  held: string | undefined,
): Promise<CaseResult> {
  const usage = answer.usage ?? estimateUsage(c, answer.text)
  const s = scoreAnswer(c, answer.text, { policy: o.policy })
  const result: CaseResult = {
    ...base,
    pass: s.pass,
    score: s.score,
    answer: answer.text,
    error: null,
    failures: s.failures,
    input_tokens: (usage.input_tokens ?? 0) + (usage.cache_read_tokens ?? 0),
    output_tokens: usage.output_tokens ?? 0,
    ms: base.at - started,
  }
  const rec = {
    ...usage,
    source: 'eval',
    playbook: EVAL_PIPELINE,
    model: o.model,
    runId: run.id,
    stepId: c.id,
    key: `eval:${run.id}:${c.id}:${started}`,
  }
  if (o.budget) await (held ? o.budget.settle(held, rec) : o.budget.record(rec))
  return result
}
