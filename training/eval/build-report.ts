/**
 * The report of a run: provenance, pass rate per category (an errored case counts as not passed),
 * the change against the previous finished run of the same suite hash, the cases that passed then
 * and fail now, the worst cases with their answers, tokens, and the gate: every category whose pass
 * rate dropped by more than `margin` (a fraction, 0.05 = five points), and every category whose
 * share of errored cases (no answer: an error is not a pass) is above `margin`.
 */
import type { CaseResult, EvalRun } from './eval-store.js'

export interface CategoryStats {
  category: string
  cases: number
  passed: number
  failed: number
  errors: number
  rate: number
  previous?: number
  delta?: number
}

export interface CaseLine {
  case_id: string
  category: string
  score: number
  failures: string[]
  error: string | null
  answer: string | null
}

export interface EvalReport {
  run: {
    id: string
    state: string
    suite: { name: string; file: string; hash: string }
    model: string
    endpoint: string
    started_at: string
    finished_at: string | null
    resumed: boolean
    asked: number
  }
  totals: { cases: number; passed: number; failed: number; errors: number; rate: number }
  categories: CategoryStats[]
  previous: { id: string; model: string; endpoint: string; finished_at: string | null } | null
  regressions: CaseLine[]
  worst: CaseLine[]
  usage: { input_tokens: number; output_tokens: number }
  gate: {
    margin: number
    ok: boolean
    dropped: { category: string; previous: number; now: number }[]
    errored: { category: string; errors: number; cases: number; rate: number }[]
  }
}

const ANSWER_CHARS = 1200
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function categoryStats(results: readonly CaseResult[]): Map<string, CategoryStats> {
  const out = new Map<string, CategoryStats>()
  for (const r of results) {
    let s = out.get(r.category)
    if (!s)
      out.set(r.category, (s = { category: r.category, cases: 0, passed: 0, failed: 0, errors: 0, rate: 0 }))
    s.cases++
    if (r.error) s.errors++
    else if (r.pass) s.passed++
    else s.failed++
  }
  for (const s of out.values()) s.rate = s.cases ? s.passed / s.cases : 0
  return out
}

function line(r: CaseResult): CaseLine {
  const answer =
    r.answer === null || r.answer.length <= ANSWER_CHARS ? r.answer : `${r.answer.slice(0, ANSWER_CHARS)}…`
  return {
    case_id: r.case_id,
    category: r.category,
    score: r.score,
    failures: r.failures,
    error: r.error,
    answer,
  }
}

export function buildReport(input: {
  run: EvalRun
  results: readonly CaseResult[]
  previous?: { run: EvalRun; results: readonly CaseResult[] }
  margin: number
  resumed: boolean
  asked: number
  worst?: number
}): EvalReport {
  const { run, results, previous, margin } = input
  const now = categoryStats(results)
  const before = previous ? categoryStats(previous.results) : new Map<string, CategoryStats>()
  const categories = [...now.values()].sort((a, b) => a.category.localeCompare(b.category))
  const dropped: EvalReport['gate']['dropped'] = []
  for (const c of categories) {
    const p = before.get(c.category)
    if (!p) continue
    c.previous = p.rate
    c.delta = c.rate - p.rate
    if (p.rate - c.rate > margin + 1e-9) dropped.push({ category: c.category, previous: p.rate, now: c.rate })
  }
  const errored = categories
    .filter((c) => c.cases > 0 && c.errors / c.cases > margin + 1e-9)
    .map((c) => ({ category: c.category, errors: c.errors, cases: c.cases, rate: c.errors / c.cases }))
  const passedBefore = new Set(previous?.results.filter((r) => r.pass).map((r) => r.case_id))
  const regressions = results.filter((r) => !r.pass && passedBefore.has(r.case_id)).map(line)
  const worst = results
    .filter((r) => !r.pass)
    .sort((a, b) => a.score - b.score || a.case_id.localeCompare(b.case_id))
    .slice(0, input.worst ?? 10)
    .map(line)
  const passed = results.filter((r) => r.pass).length
  const errors = results.filter((r) => r.error).length
  return {
    run: {
      id: run.id,
      state: run.state,
      suite: { name: run.suite_name, file: run.suite_file, hash: run.suite_hash },
      model: run.model,
      endpoint: run.endpoint,
      started_at: iso(run.started_at)!,
      finished_at: iso(run.finished_at),
      resumed: input.resumed,
      asked: input.asked,
    },
    totals: {
      cases: results.length,
      passed,
      failed: results.length - passed - errors,
      errors,
      rate: results.length ? passed / results.length : 0,
    },
    categories,
    previous: previous
      ? {
          id: previous.run.id,
          model: previous.run.model,
          endpoint: previous.run.endpoint,
          finished_at: iso(previous.run.finished_at),
        }
      : null,
    regressions,
    worst,
    usage: {
      input_tokens: results.reduce((n, r) => n + r.input_tokens, 0),
      output_tokens: results.reduce((n, r) => n + r.output_tokens, 0),
    },
    gate: { margin, ok: dropped.length === 0 && errored.length === 0, dropped, errored },
  }
}
