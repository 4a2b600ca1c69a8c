/** Read-only views for `timmy budget status|report`: running totals per window, and ledger groupings. */
import { REPORT_GROUPS } from './command-spec.js'
import type { BudgetCore } from './core.js'
import { ledgerStatements, readTotals, type Totals } from './ledger.js'
import type { Budget } from './parse-budgets.js'
import { localParts, windowEnd, windowStart } from './windows.js'

export interface BudgetStatus {
  name: string
  scope: string
  match?: string
  window: string
  timezone: string
  windowStart: string
  windowEnd: string
  spentTokens: number
  reservedTokens: number
  capTokens?: number
  spentCost: number
  reservedCost: number
  capCost?: number
  /** Largest of spent/cap over tokens and cost, in percent (reservations excluded). */
  percent: number
  softFired: boolean
  /**
   * Computed from the running totals at read time, not from what the enforcer last marked: `exhausted`
   * when spent + reserved reaches a cap (tokens or cost), `warned` past the soft threshold, else `ok`.
   */
  state: 'ok' | 'warned' | 'exhausted'
  /** Exhausted now, or marked paused by the enforcer for the current window. */
  paused: boolean
}

export function budgetStatus(core: BudgetCore, now: number): BudgetStatus[] {
  const st = ledgerStatements(core.store.db)
  const rows = core.store.db.prepare(`SELECT budget, window_start FROM budget_paused`).all() as {
    budget: string
    window_start: number
  }[]
  return statusFrom(core.budgets, now, (n, ws) => readTotals(st, n, ws), rows)
}

/** Each budget's status from its current window's totals and the pause rows (either backend). */
export function statusFrom(
  budgets: readonly Budget[],
  now: number,
  totalsOf: (budget: string, windowStart: number) => Totals,
  pausedRows: readonly { budget: string; window_start: number }[],
): BudgetStatus[] {
  const paused = new Map(pausedRows.map((p) => [p.budget, p.window_start]))
  return budgets.map((b) => {
    const ws = windowStart(b, now)
    const t = totalsOf(b.name, ws)
    const pct = (spent: number, cap: number | undefined) =>
      cap === undefined ? 0 : cap === 0 ? (spent > 0 ? 100 : 0) : (spent / cap) * 100
    const percent = Math.max(pct(t.spent_tokens, b.tokens), pct(t.spent_cost_micros / 1e6, b.cost))
    const capMicros = b.cost === undefined ? undefined : Math.round(b.cost * 1e6)
    const exhausted =
      (b.tokens !== undefined && t.spent_tokens + t.reserved_tokens >= b.tokens) ||
      (capMicros !== undefined && t.spent_cost_micros + t.reserved_cost_micros >= capMicros)
    const state = exhausted ? 'exhausted' : t.soft_fired === 1 || percent >= b.soft * 100 ? 'warned' : 'ok'
    return {
      name: b.name,
      scope: b.scope,
      ...(b.match ? { match: b.match } : {}),
      window: b.window,
      timezone: b.timezone,
      windowStart: new Date(ws).toISOString(),
      windowEnd: new Date(windowEnd(b, now)).toISOString(),
      spentTokens: t.spent_tokens,
      reservedTokens: t.reserved_tokens,
      ...(b.tokens !== undefined ? { capTokens: b.tokens } : {}),
      spentCost: t.spent_cost_micros / 1e6,
      reservedCost: t.reserved_cost_micros / 1e6,
      ...(b.cost !== undefined ? { capCost: b.cost } : {}),
      percent: Math.round(percent * 10) / 10,
      softFired: t.soft_fired === 1,
      state,
      paused: exhausted || paused.get(b.name) === ws,
    }
  })
}

export { REPORT_GROUPS }
export type ReportGroup = (typeof REPORT_GROUPS)[number]

export interface ReportRow {
  key: string
  records: number
  input_tokens: number
  output_tokens: number
  cache_read_tokens: number
  cache_write_tokens: number
  reasoning_tokens: number
  total_tokens: number
  cost_usd: number
  /** The part of `cost_usd` that is an estimate (ledger rows with `cost_status: estimated`). */
  estimated_cost_usd: number
}

export const SUMS = `count(*) AS records, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
  sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
  sum(reasoning_tokens) AS reasoning_tokens, sum(total_tokens) AS total_tokens, coalesce(sum(cost_micros), 0) AS cost_micros,
  coalesce(sum(CASE WHEN cost_status = 'estimated' THEN cost_micros END), 0) AS estimated_micros`

export function budgetReport(
  core: BudgetCore,
  opts: { by: ReportGroup; since?: number; timezone: string },
): ReportRow[] {
  const db = core.store.db
  const since = opts.since ?? 0
  if (opts.by !== 'day')
    return (db.prepare(reportSql(opts.by, SUMS)).all(since) as Record<string, unknown>[]).map(shapeReportRow)
  // Days in the configured time zone: group per 15 minutes in SQL (every zone offset is a multiple), then fold into local days.
  const hours = db.prepare(reportSql('day', SUMS)).all(since) as (Record<string, number> & { hour: number })[]
  return foldDays(hours, opts.timezone)
}

/** The report's query (one `?`/`$1` parameter: since), grouped by `by` (`day`: per 15 minutes, as `hour`). */
export function reportSql(by: ReportGroup, sums: string, param = '?'): string {
  if (by === 'day')
    return `SELECT (at / 900000) AS hour, ${sums} FROM budget_ledger WHERE at >= ${param} GROUP BY 1 ORDER BY 1`
  const col = { pipeline: 'playbook', lane: 'lane', model: 'model' }[by]
  return `SELECT coalesce(${col}, '(none)') AS key, ${sums} FROM budget_ledger WHERE at >= ${param} GROUP BY 1 ORDER BY total_tokens DESC, key`
}

export function shapeReportRow(r: Record<string, unknown>): ReportRow {
  const { cost_micros, estimated_micros, ...rest } = r
  return {
    ...(rest as Omit<ReportRow, 'cost_usd' | 'estimated_cost_usd'>),
    key: String(r.key),
    cost_usd: Number(cost_micros) / 1e6,
    estimated_cost_usd: Number(estimated_micros) / 1e6,
  }
}

/** Fold 15-minute groups into local days of `timezone`. */
export function foldDays(
  hours: readonly (Record<string, number> & { hour: number })[],
  timezone: string,
): ReportRow[] {
  const days = new Map<string, Record<string, number>>()
  for (const h of hours) {
    const l = localParts(h.hour * 900000 + 450000, timezone)
    const key = `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`
    const acc = days.get(key) ?? {}
    for (const [k, v] of Object.entries(h)) if (k !== 'hour') acc[k] = (acc[k] ?? 0) + Number(v)
    days.set(key, acc)
  }
  return [...days.entries()].map(([key, r]) => shapeReportRow({ ...r, key }))
}
