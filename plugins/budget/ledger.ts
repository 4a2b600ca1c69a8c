/**
 * The ledger and the running totals: `record` appends one usage row and adds it to the current window
 * of every budget that applies (unless the model is exempt), in the caller's transaction.
 */
import type { Statement } from 'better-sqlite3'
import type { Database } from '../../core/store/store.js'
import { type Budget, budgetsFor, isExempt } from './parse-budgets.js'
import { checkUsage, TOKEN_FIELDS, toMicros, totalTokens, type UsageRecord } from './usage-record.js'
import { windowStart } from './windows.js'

export interface Totals {
  spent_tokens: number
  spent_cost_micros: number
  reserved_tokens: number
  reserved_cost_micros: number
  soft_fired: number
}

export interface Recorded {
  id: number
  at: number
  exempt: boolean
  /** Budgets whose totals changed. */
  touched: string[]
}

export function ledgerStatements(db: Database): Record<'insert' | 'bump' | 'totals', Statement> {
  return {
    insert: db.prepare(
      `INSERT OR IGNORE INTO budget_ledger (at, source, dedupe_key, playbook, lane, run_id, step_id, session_id,
         model, provider, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
         total_tokens, cost_micros, cost_status, exempt)
       VALUES (@at, @source, @key, @playbook, @lane, @runId, @stepId, @sessionId, @model, @provider,
         @input_tokens, @output_tokens, @cache_read_tokens, @cache_write_tokens, @reasoning_tokens,
         @total_tokens, @cost_micros, @cost_status, @exempt)`,
    ),
    /** Add deltas to a window's totals (creating the row at zero first). */
    bump: db.prepare(
      `INSERT INTO budget_totals (budget, window_start, spent_tokens, spent_cost_micros, reserved_tokens, reserved_cost_micros)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (budget, window_start) DO UPDATE SET
         spent_tokens = spent_tokens + excluded.spent_tokens,
         spent_cost_micros = spent_cost_micros + excluded.spent_cost_micros,
         reserved_tokens = max(0, reserved_tokens + excluded.reserved_tokens),
         reserved_cost_micros = max(0, reserved_cost_micros + excluded.reserved_cost_micros)`,
    ),
    totals: db.prepare(
      `SELECT spent_tokens, spent_cost_micros, reserved_tokens, reserved_cost_micros, soft_fired
       FROM budget_totals WHERE budget = ? AND window_start = ?`,
    ),
  }
}

export type LedgerStatements = ReturnType<typeof ledgerStatements>

export const ZERO: Totals = {
  spent_tokens: 0,
  spent_cost_micros: 0,
  reserved_tokens: 0,
  reserved_cost_micros: 0,
  soft_fired: 0,
}

export function readTotals(st: LedgerStatements, budget: string, ws: number): Totals {
  return (st.totals.get(budget, ws) as Totals | undefined) ?? ZERO
}

/**
 * Append `rec` and count it. Call inside a transaction. Returns undefined when a record with the same
 * key was already there (counted once). Validates first: a bad record writes nothing.
 */
export function recordUsage(
  st: LedgerStatements,
  budgets: readonly Budget[],
  exemptPatterns: readonly string[],
  rec: UsageRecord,
  now: number,
): Recorded | undefined {
  checkUsage(rec)
  const at = rec.at ?? now
  const exempt = isExempt(exemptPatterns, rec.model)
  const tokens = totalTokens(rec)
  const cost = toMicros(rec.cost)
  const row: Record<string, unknown> = {
    at,
    source: rec.source,
    key: rec.key ?? null,
    playbook: rec.playbook ?? null,
    lane: rec.lane ?? null,
    runId: rec.runId ?? null,
    stepId: rec.stepId ?? null,
    sessionId: rec.sessionId ?? null,
    model: rec.model ?? null,
    provider: rec.provider ?? null,
    total_tokens: tokens,
    cost_micros: cost,
    cost_status: rec.cost_status ?? null,
    exempt: exempt ? 1 : 0,
  }
  for (const f of TOKEN_FIELDS) row[f] = rec[f] ?? 0
  const info = st.insert.run(row)
  if (info.changes === 0) return undefined
  const touched: string[] = []
  if (!exempt) {
    for (const b of budgetsFor(budgets, rec)) {
      st.bump.run(b.name, windowStart(b, at), tokens, cost ?? 0, 0, 0)
      touched.push(b.name)
    }
  }
  return { id: Number(info.lastInsertRowid), at, exempt, touched }
}
