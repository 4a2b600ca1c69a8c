/**
 * Import spend made by Hermes outside timmy (the hermes service reads `state.db`): incremental,
 * `budget_imports` keeps the counters already imported per key (a session_model_usage row, or a
 * session with no such rows), and only the growth since is recorded, so repeated imports count each
 * token once. Sessions whose `source` is skipped (timmy's own runs) or already reported to the
 * ledger by another source are left out. A row whose cost is Hermes' estimate keeps
 * `cost_status: estimated` in the ledger.
 */
import type { UsageRow } from '../hermes/types.js'
import { TOKEN_FIELDS, type UsageRecord } from './usage-record.js'

export interface ImportResult {
  status: 'imported' | 'missing' | 'busy'
  scanned: number
  records: number
  tokens: number
}

export interface ImportSnapshot {
  input_tokens: number
  output_tokens: number
  cache_read_tokens: number
  cache_write_tokens: number
  reasoning_tokens: number
  cost_micros: number
}

/** The growth of `row` since `seen` as a usage record (undefined when nothing grew). */
export function deltaRecord(row: UsageRow, seen: ImportSnapshot | undefined): UsageRecord | undefined {
  const d: Record<string, number> = {}
  let grew = false
  for (const f of TOKEN_FIELDS) {
    d[f] = Math.max(0, row.counters[f] - (seen?.[f] ?? 0))
    if (d[f]! > 0) grew = true
  }
  const dc = Math.max(0, row.costMicros - (seen?.cost_micros ?? 0))
  if (dc > 0) grew = true
  if (!grew) return undefined
  const total = TOKEN_FIELDS.map((f) => row.counters[f]).join(',')
  return {
    source: 'hermes-state-db',
    at: row.at,
    sessionId: row.sessionId,
    key: `hermes|${row.key}|${total}|${row.costMicros}`,
    ...(row.model ? { model: row.model } : {}),
    ...(row.provider ? { provider: row.provider } : {}),
    ...(d as Pick<UsageRecord, (typeof TOKEN_FIELDS)[number]>),
    ...(dc > 0 ? { cost: dc / 1e6 } : {}),
    ...(row.costStatus ? { cost_status: row.costStatus } : {}),
  }
}
