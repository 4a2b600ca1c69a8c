import type { EvalRun } from '../eval-store.js'
import type { EvalOptions } from '../run-eval.js'
import { newRunId } from './new-run-id.js'

/** The run to fill: a resumable one for the same suite, model and endpoint (set running again), or a new one. */
export function startEvalRun(
  o: EvalOptions,
  now: () => number,
): { run: EvalRun; prior: EvalRun | undefined } {
  const { store, suite } = o
  const prior = o.resume ? store.resumable(suite.hash, o.model, o.endpoint) : undefined
  const run =
    prior ??
    store.startRun({
      id: (o.newId ?? newRunId)(),
      suite_name: suite.name,
      suite_file: suite.file,
      suite_hash: suite.hash,
      model: o.model,
      endpoint: o.endpoint,
      cases: suite.cases.length,
      started_at: now(),
    })
  if (prior) store.setState(run.id, 'running', null)
  return { run, prior }
}
