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
         reserved_cost_micros = max(0, reserved_cost_micros + excluded.reserved_cost_micros)
       RETURNING spent_tokens, spent_cost_micros, reserved_tokens, reserved_cost_micros, soft_fired`,
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

/**
 * Deltas to budget totals gathered during one transaction and written with one statement per
 * (budget, window) at the end: a settle that records spend and releases a hold touches each row once.
 */
export type Tally = Map<string, { name: string; ws: number; d: [number, number, number, number] }>

export function addToTally(
  ls: LedgerStatements,
  tally: Tally | undefined,
  name: string,
  ws: number,
  spentTokens: number,
  spentCost: number,
  reservedTokens: number,
  reservedCost: number,
): void {
  if (!tally) {
    ls.bump.run(name, ws, spentTokens, spentCost, reservedTokens, reservedCost)
    return
  }
  const key = `${name}|${ws}`
  const e = tally.get(key)
  if (!e) tally.set(key, { name, ws, d: [spentTokens, spentCost, reservedTokens, reservedCost] })
  else {
    e.d[0] += spentTokens
    e.d[1] += spentCost
    e.d[2] += reservedTokens
    e.d[3] += reservedCost
  }
}

/** Write a tally; returns the new totals by `name|windowStart` (so checks need not read them again). */
export function flushTally(ls: LedgerStatements, tally: Tally): Map<string, Totals> {
  const out = new Map<string, Totals>()
  for (const [key, { name, ws, d }] of tally) out.set(key, ls.bump.get(name, ws, ...d) as Totals)
  return out
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
  tally?: Tally,
): Recorded | undefined {
  const { row, at, exempt, tokens, cost } = ledgerRow(exemptPatterns, rec, now)
  const info = st.insert.run(row)
  if (info.changes === 0) return undefined
  const touched: string[] = []
  if (!exempt) {
    for (const b of budgetsFor(budgets, rec)) {
      addToTally(st, tally, b.name, windowStart(b, at), tokens, cost ?? 0, 0, 0)
      touched.push(b.name)
    }
  }
  return { id: Number(info.lastInsertRowid), at, exempt, touched }
}

/** The ledger row of `rec` (named parameters of the insert), validated first: a bad record writes nothing. */
export function ledgerRow(
  exemptPatterns: readonly string[],
  rec: UsageRecord,
  now: number,
): { row: Record<string, unknown>; at: number; exempt: boolean; tokens: number; cost: number | null } {
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
  return { row, at, exempt, tokens, cost }
}
