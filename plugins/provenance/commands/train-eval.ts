/**
 * `timmy train eval`: flags → suite (+ held-out pairs) → run in the store → report files → exit code.
 * 0 ok, 1 the gate failed (or a budget stopped the run: TIMMY_ERR_EVAL_BUDGET_EXHAUSTED, or no case
 * got an answer: TIMMY_ERR_EVAL_ENDPOINT_UNREACHABLE), 2 bad input.
 */
import { resolve } from 'node:path'
import type { CliContext } from '../../../core/cli/command.js'
import { DEFAULT_RETRY } from '../../../training/eval/ask-with-retry.js'
import { buildReport } from '../../../training/eval/build-report.js'
import { openEvalStore } from '../../../training/eval/eval-store.js'
import { hashSuite } from '../../../training/eval/hash-suite.js'
import { heldOutCases } from '../../../training/eval/heldout-cases.js'
import { DEFAULT_SUITE, loadSuite } from '../../../training/eval/load-suite.js'
import { chatCompletionsUrl } from '../../../training/eval/parse-endpoint.js'
import { runEval } from '../../../training/eval/run-eval.js'
import { createProgress, quietProgress } from '../../../training/progress.js'
import type { BudgetService } from '../../budget/service.js'
import { checkEvalOutcome, printEvalReport, writeEvalReport } from './finish-eval.js'
import { parseEvalFlags } from './parse-eval-flags.js'
import { resolveEvalPolicy } from './resolve-eval-policy.js'

export async function trainEval(ctx: CliContext): Promise<number> {
  const v = ctx.values
  const cwd = process.cwd()
  const { endpoint, model, concurrency, retries, maxTokens, timeoutS, margin, apiKey } = parseEvalFlags(ctx)

  const host = await ctx.host({ logLevel: 'error' })
  const policy = resolveEvalPolicy(host, v.policy ? resolve(cwd, v.policy as string) : undefined, cwd)
  const url = chatCompletionsUrl(endpoint, policy)

  const suite = loadSuite(v.suite ? resolve(cwd, v.suite as string) : DEFAULT_SUITE)
  const heldOut = v.pairs ? heldOutCases(resolve(cwd, v.pairs as string)) : undefined
  const cases = [...suite.cases, ...(heldOut?.cases ?? [])]
  const hash = hashSuite(suite.name, cases)

  const store = openEvalStore(await host.store())
  const outcome = await runEval({
    suite: { name: suite.name, file: suite.file, hash, cases },
    url,
    endpoint,
    model,
    ...(apiKey ? { apiKey } : {}),
    maxTokens,
    concurrency,
    retry: { ...DEFAULT_RETRY, retries, timeoutMs: Math.round(timeoutS * 1000) },
    resume: v.resume === true,
    store,
    ...budgetOf(host.service('budget')),
    policy,
    progress: ctx.json ? quietProgress : createProgress(ctx.stderr),
  })
  const prev = store.previous(hash, outcome.run.id)
  const report = buildReport({
    run: outcome.run,
    results: store.results(outcome.run.id),
    ...(prev ? { previous: { run: prev, results: store.results(prev.id) } } : {}),
    margin,
    resumed: outcome.resumed,
    asked: outcome.asked,
  })
  const { files, heldOutInfo } = writeEvalReport(ctx, host, outcome.run.id, report, heldOut)
  checkEvalOutcome(outcome, store, cases.length, endpoint, files)
  return printEvalReport(ctx, report, margin, heldOutInfo, files)
}

function budgetOf(budget: BudgetService | undefined): { budget?: BudgetService } {
  return budget ? { budget } : {}
}
