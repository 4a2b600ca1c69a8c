/**
 * Run a suite against a chat-completions endpoint: start (or resume) a run in the store, ask every
 * case that has no result — at most `concurrency` at a time, each with its deadline and retries —
 * score the answer, keep the result, and record the tokens in the budget ledger under pipeline
 * `eval`. Before each case its worst case (prompt length / 4 + `maxTokens`) is reserved in the budget
 * service and settled with the real usage after, so cases in flight never overshoot a cap together;
 * a refused reservation stops the run (the cases in flight finish) and the outcome says which budget.
 */

import type { Usage } from '../../core/index.js'
import type { Progress } from '../progress.js'
import type { RetryPolicy } from './ask-with-retry.js'
import type { EvalPolicy } from './eval-policy.js'
import type { EvalRun, EvalStore } from './eval-store.js'
import { askCase } from './run/ask-case.js'
import type { EvalTally } from './run/eval-tally.js'
import { startEvalRun } from './run/start-eval-run.js'
import { runPool } from './run-pool.js'
import type { EvalCase } from './suite-schema.js'

export { EVAL_PIPELINE } from './run/eval-pipeline.js'
export { reserveTokens } from './run/reserve-tokens.js'

/** A usage record as the eval writes it to the budget ledger. */
export interface EvalUsage extends Usage {
  source: string
  playbook: string
  model: string
  runId: string
  stepId: string
  key: string
}

/**
 * What the eval asks of the budget (plugins/provenance passes the budget plugin's service): reserve a
 * case's worst case before asking, settle it with the real usage, or release it when no answer came.
 */
export interface EvalBudget {
  reserve(input: {
    tokens: number
    playbook: string
    model: string
    runId: string
    stepId: string
  }): Promise<{ ok: true; id: string } | { ok: false; budget: string; reason: string }>
  settle(id: string, usage: EvalUsage): Promise<unknown>
  record(usage: EvalUsage): Promise<unknown>
  release(id: string): Promise<void>
}

export interface EvalOptions {
  suite: { name: string; file: string; hash: string; cases: readonly EvalCase[] }
  /** The chat-completions URL asked, and the endpoint as given (provenance). */
  url: string
  endpoint: string
  model: string
  apiKey?: string
  maxTokens: number
  concurrency: number
  retry: RetryPolicy
  resume: boolean
  store: EvalStore
  budget?: EvalBudget
  policy: EvalPolicy
  progress: Progress
  now?: () => number
  newId?: () => string
}

export interface EvalOutcome {
  run: EvalRun
  resumed: boolean
  /** Cases asked in this invocation, and how many of them ended in an error (no answer). */
  asked: number
  errors: number
  /** The first case error of this invocation (`network: no answer (ECONNREFUSED) after 4 attempts`). */
  firstError?: string
  stopped?: { budget: string; reason: string }
}

/** Start or resume the run, ask the pending cases through a bounded pool, and close the run (done or stopped). */
export async function runEval(o: EvalOptions): Promise<EvalOutcome> {
  const now = o.now ?? Date.now
  const { store, suite } = o
  const { run, prior } = startEvalRun(o, now)
  const answered = store.answered(run.id)
  const pending = suite.cases.filter((c) => !answered.has(c.id))
  o.progress.start(`eval ${suite.name}`, suite.cases.length)
  if (answered.size) o.progress.tick(answered.size)
  const tally: EvalTally = { asked: 0, errors: 0 }
  try {
    await runPool(
      pending,
      o.concurrency,
      (c) => askCase(o, run, tally, now, c),
      () => tally.stopped !== undefined,
    )
  } finally {
    o.progress.done()
  }
  const { stopped, asked, errors, firstError } = tally
  const state = stopped ? 'stopped' : 'done'
  const finished = stopped ? null : now()
  store.setState(run.id, state, finished)
  return {
    run: { ...run, state, finished_at: finished },
    resumed: prior !== undefined,
    asked,
    errors,
    ...(firstError ? { firstError } : {}),
    ...(stopped ? { stopped } : {}),
  }
}
