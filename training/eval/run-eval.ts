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
import { askWithRetry, type RetryPolicy } from './ask-with-retry.js'
import type { EvalPolicy } from './eval-policy.js'
import type { CaseResult, EvalRun, EvalStore } from './eval-store.js'
import { runPool } from './run-pool.js'
import { scoreAnswer } from './score-answer.js'
import type { EvalCase } from './suite-schema.js'

/** The pipeline (`playbook` in the ledger) eval usage is recorded under; `scope: pipeline, match: eval` budgets it. */
export const EVAL_PIPELINE = 'eval'

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

export async function runEval(o: EvalOptions): Promise<EvalOutcome> {
  const now = o.now ?? Date.now
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
  const answered = store.answered(run.id)
  const pending = suite.cases.filter((c) => !answered.has(c.id))
  o.progress.start(`eval ${suite.name}`, suite.cases.length)
  if (answered.size) o.progress.tick(answered.size)
  let stopped: EvalOutcome['stopped']
  let asked = 0
  let errors = 0
  let firstError: string | undefined

  const askOne = async (c: EvalCase) => {
    let held: string | undefined
    if (o.budget) {
      if (stopped) return
      const d = await o.budget.reserve({
        tokens: reserveTokens(c, o.maxTokens),
        playbook: EVAL_PIPELINE,
        model: o.model,
        runId: run.id,
        stepId: c.id,
      })
      if (!d.ok) {
        stopped ??= { budget: d.budget, reason: d.reason }
        return
      }
      held = d.id
    }
    asked++
    const started = now()
    const final = await askWithRetry(
      {
        url: o.url,
        model: o.model,
        messages: c.messages,
        maxTokens: o.maxTokens,
        ...(o.apiKey ? { apiKey: o.apiKey } : {}),
      },
      o.retry,
    )
    const base = { case_id: c.id, category: c.category, attempts: final.attempts, at: now() }
    let result: CaseResult
    if (final.kind === 'answer') {
      const usage = final.usage ?? estimateUsage(c, final.text)
      const s = scoreAnswer(c, final.text, { policy: o.policy })
      result = {
        ...base,
        pass: s.pass,
        score: s.score,
        answer: final.text,
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
    } else {
      if (held) await o.budget?.release(held)
      errors++
      firstError ??= `${final.error}: ${final.reason}`
      result = {
        ...base,
        pass: false,
        score: 0,
        answer: null,
        error: `${final.error}: ${final.reason}`,
        failures: [],
        input_tokens: 0,
        output_tokens: 0,
        ms: base.at - started,
      }
    }
    store.save(run.id, result)
    o.progress.tick()
  }

  try {
    await runPool(pending, o.concurrency, askOne, () => stopped !== undefined)
  } finally {
    o.progress.done()
  }
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

/** A case's worst case: its prompt at about four characters a token plus the most the answer may take. */
export function reserveTokens(c: EvalCase, maxTokens: number): number {
  const chars = c.messages.reduce((n, m) => n + m.content.length, 0)
  return Math.ceil(chars / 4) + maxTokens
}

/** When the endpoint reports no usage: about four characters a token, so budgets still count something. */
function estimateUsage(c: EvalCase, answer: string): Usage {
  const chars = c.messages.reduce((n, m) => n + m.content.length, 0)
  return {
    input_tokens: Math.ceil(chars / 4),
    output_tokens: Math.ceil(answer.length / 4),
    cost_status: 'estimated',
  }
}

function newRunId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `${t}-${Math.random().toString(16).slice(2, 8)}`
}
