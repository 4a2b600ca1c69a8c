/**
 * `timmy train eval`: flags → suite (+ held-out pairs) → run in the store → report files → exit code.
 * 0 ok, 1 the gate failed (or a budget stopped the run: TIMMY_ERR_EVAL_BUDGET_EXHAUSTED, or no case
 * got an answer: TIMMY_ERR_EVAL_ENDPOINT_UNREACHABLE), 2 bad input.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CliContext } from '../../../core/cli/command.js'
import { E } from '../../../training/errors.js'
import { DEFAULT_RETRY } from '../../../training/eval/ask-with-retry.js'
import { buildReport } from '../../../training/eval/build-report.js'
import { openEvalStore } from '../../../training/eval/eval-store.js'
import { formatMarkdown } from '../../../training/eval/format-report.js'
import { hashSuite } from '../../../training/eval/hash-suite.js'
import { heldOutCases } from '../../../training/eval/heldout-cases.js'
import { DEFAULT_SUITE, loadSuite } from '../../../training/eval/load-suite.js'
import { chatCompletionsUrl } from '../../../training/eval/parse-endpoint.js'
import { runEval } from '../../../training/eval/run-eval.js'
import { createProgress, quietProgress } from '../../../training/progress.js'
import type { BudgetService } from '../../budget/service.js'
import { resolveEvalPolicy } from './resolve-eval-policy.js'

export async function trainEval(ctx: CliContext): Promise<number> {
  const v = ctx.values
  const cwd = process.cwd()
  const endpoint = v.endpoint as string | undefined
  const model = v.model as string | undefined
  if (!endpoint || !model)
    throw E.CLI_BAD_ARGS({ command: 'train eval', reason: 'eval needs --endpoint <url> and --model <name>' })
  const concurrency = intFlag(v.concurrency, 'concurrency', 4, 1, 64)
  const retries = intFlag(v.retries, 'retries', DEFAULT_RETRY.retries, 0, 10)
  const maxTokens = intFlag(v['max-tokens'], 'max-tokens', 512, 1, 1_000_000)
  const timeoutS = numFlag(v.timeout, 'timeout', 120, (n) => n > 0 && n <= 86_400)
  const margin = numFlag(v.margin, 'margin', 0.05, (n) => n >= 0 && n <= 1)
  const keyVar = v['api-key-env'] as string | undefined
  const apiKey = keyVar ? process.env[keyVar] : undefined
  if (keyVar && !apiKey)
    throw E.CLI_BAD_ARGS({
      command: 'train eval',
      reason: `--api-key-env ${keyVar}: the variable is not set`,
    })

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
  const settings = host.service('provenance')?.settings
  const dir = join(
    resolve(
      cwd,
      (v.out as string | undefined) ?? settings?.outDir ?? join(host.loaded.paths.home, 'training'),
    ),
    'eval',
  )
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const files = { json: join(dir, `${outcome.run.id}.json`), markdown: join(dir, `${outcome.run.id}.md`) }
  const heldOutInfo = heldOut
    ? { read: heldOut.read, used: heldOut.cases.length, skipped: heldOut.skipped }
    : null
  writeFileSync(files.json, `${JSON.stringify({ ...report, heldOut: heldOutInfo }, null, 2)}\n`, {
    mode: 0o600,
  })
  writeFileSync(files.markdown, formatMarkdown(report), { mode: 0o600 })

  if (outcome.asked > 0 && outcome.errors === outcome.asked)
    throw E.EVAL_ENDPOINT_UNREACHABLE(
      { endpoint, cases: outcome.asked, first: outcome.firstError ?? 'unknown' },
      { exitCode: 1, details: { run: outcome.run.id, report: files.json } },
    )
  if (outcome.stopped)
    throw E.EVAL_BUDGET_EXHAUSTED(
      {
        ...outcome.stopped,
        done: store.answered(outcome.run.id).size,
        left: cases.length - store.answered(outcome.run.id).size,
      },
      { exitCode: 1, details: { run: outcome.run.id, report: files.json } },
    )
  if (ctx.json) ctx.printJson({ ok: report.gate.ok || !v.gate, ...report, heldOut: heldOutInfo, files })
  else
    ctx.print(`${formatMarkdown({ ...report, worst: report.worst.slice(0, 3) })}\nreport: ${files.markdown}`)
  if (v.gate && !report.gate.ok) {
    for (const d of report.gate.dropped)
      ctx.stderr.write(
        `timmy: gate failed: category "${d.category}" dropped from ${pct(d.previous)} to ${pct(d.now)} (margin ${pct(margin)})\n`,
      )
    for (const e of report.gate.errored)
      ctx.stderr.write(
        `timmy: gate failed: category "${e.category}" has ${e.errors} of ${e.cases} cases with no answer (${pct(e.rate)}, margin ${pct(margin)})\n`,
      )
    return 1
  }
  return 0
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`

function budgetOf(budget: BudgetService | undefined): { budget?: BudgetService } {
  return budget ? { budget } : {}
}

function intFlag(raw: unknown, name: string, dflt: number, min: number, max: number): number {
  if (raw === undefined) return dflt
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max)
    throw E.CLI_BAD_ARGS({
      command: 'train eval',
      reason: `--${name} must be a whole number from ${min} to ${max}`,
    })
  return n
}

function numFlag(raw: unknown, name: string, dflt: number, ok: (n: number) => boolean): number {
  if (raw === undefined) return dflt
  const n = Number(raw)
  if (!Number.isFinite(n) || !ok(n))
    throw E.CLI_BAD_ARGS({ command: 'train eval', reason: `--${name} is out of range: "${String(raw)}"` })
  return n
}
