/** A usage record as the ledger takes it, and its validation (before anything is written). */

import type { Usage } from '../../core/hooks.js'
import { E } from './errors.js'

export interface UsageRecord extends Usage {
  /** Where it came from: `step`, `dispatch`, `openai`, `hermes-bridge`, `hermes-state-db`, … */
  source: string
  /** Epoch ms; default now. */
  at?: number
  playbook?: string
  lane?: string
  runId?: string
  stepId?: string
  sessionId?: string
  /** Records with the same key are counted once (INSERT OR IGNORE). */
  key?: string
}

export const TOKEN_FIELDS = [
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
] as const

/** Hermes' total: prompt (input + cache read + cache write) + output. Reasoning is part of output. */
export function totalTokens(u: Usage): number {
  return (
    (u.input_tokens ?? 0) + (u.cache_read_tokens ?? 0) + (u.cache_write_tokens ?? 0) + (u.output_tokens ?? 0)
  )
}

export const toMicros = (usd: number | undefined | null): number | null =>
  usd === undefined || usd === null ? null : Math.round(usd * 1_000_000)
export const fromMicros = (m: number | null | undefined): number => (m ?? 0) / 1_000_000

/** Throws TIMMY_ERR_BUDGET_BAD_USAGE for negative, fractional or non-numeric counts and costs. */
export function checkUsage(rec: UsageRecord): void {
  const source = typeof rec.source === 'string' && rec.source ? rec.source : '(no source)'
  if (source === '(no source)') throw E.BUDGET_BAD_USAGE({ field: 'source', value: rec.source, source })
  for (const f of TOKEN_FIELDS) {
    const v = rec[f]
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0))
      throw E.BUDGET_BAD_USAGE({ field: f, value: v, source })
  }
  const c = rec.cost
  if (c !== undefined && c !== null && !(typeof c === 'number' && Number.isFinite(c) && c >= 0))
    throw E.BUDGET_BAD_USAGE({ field: 'cost', value: c, source })
  if (rec.at !== undefined && !(typeof rec.at === 'number' && Number.isFinite(rec.at)))
    throw E.BUDGET_BAD_USAGE({ field: 'at', value: rec.at, source })
}

/** The JSON line appended to `$HERMES_HOME/token_usage.jsonl` for a ledger row. */
export function usageLine(id: number, rec: UsageRecord, at: number, exempt: boolean): string {
  const o: Record<string, unknown> = {
    id,
    ts: new Date(at).toISOString(),
    source: rec.source,
    playbook: rec.playbook,
    lane: rec.lane,
    run_id: rec.runId,
    step_id: rec.stepId,
    session_id: rec.sessionId,
    model: rec.model,
    provider: rec.provider,
  }
  for (const f of TOKEN_FIELDS) o[f] = rec[f] ?? 0
  o.total_tokens = totalTokens(rec)
  if (rec.cost !== undefined && rec.cost !== null) o.cost_usd = rec.cost
  if (rec.cost_status) o.cost_status = rec.cost_status
  if (exempt) o.exempt = true
  return `${JSON.stringify(o)}\n`
}
