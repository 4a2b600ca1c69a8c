/** Read-only views on PostgreSQL: status (running totals per window), report (ledger groupings), spend series. */
import type { Budget } from './parse-budgets.js'
import { type Db, pausedRowsPg, readTotalsPg } from './pg-budget-tx.js'
import {
  type BudgetStatus,
  foldDays,
  type ReportGroup,
  type ReportRow,
  reportSql,
  shapeReportRow,
  statusFrom,
} from './report.js'
import { SLOT_MS, type SpendSeries, seriesFrom } from './spend-series.js'
import { windowStart } from './windows.js'

export async function pgStatus(db: Db, budgets: readonly Budget[], now: number): Promise<BudgetStatus[]> {
  const totals = await readTotalsPg(
    db,
    budgets.map((b) => [b.name, windowStart(b, now)]),
  )
  return statusFrom(budgets, now, totals, await pausedRowsPg(db))
}

// sum() of BIGINT is NUMERIC (read as text): cast back to BIGINT, read as a number.
const PG_SUMS = `count(*) AS records, sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens,
  sum(cache_read_tokens)::bigint AS cache_read_tokens, sum(cache_write_tokens)::bigint AS cache_write_tokens,
  sum(reasoning_tokens)::bigint AS reasoning_tokens, sum(total_tokens)::bigint AS total_tokens,
  coalesce(sum(cost_micros), 0)::bigint AS cost_micros,
  coalesce(sum(CASE WHEN cost_status = 'estimated' THEN cost_micros END), 0)::bigint AS estimated_micros`

export async function pgReport(
  db: Db,
  opts: { by: ReportGroup; since?: number; timezone: string },
): Promise<ReportRow[]> {
  const rows = (await db.query(reportSql(opts.by, PG_SUMS, '$1'), [opts.since ?? 0])).rows
  return opts.by === 'day' ? foldDays(rows, opts.timezone) : rows.map(shapeReportRow)
}

/** The series summed per bucket from the ledger (15-minute slots, as the SQLite rollup keeps them). */
export async function pgSpendSeries(
  db: Db,
  budgets: readonly Budget[],
  opts: { since: number; until: number; bucketMs: number },
): Promise<SpendSeries> {
  const lo = Math.ceil(opts.since / SLOT_MS) * SLOT_MS
  const hi = Math.ceil(opts.until / SLOT_MS) * SLOT_MS
  const bucket = `((at / ${SLOT_MS}) * ${SLOT_MS} - $1) / $2`
  const args = [opts.since, opts.bucketMs, lo, hi]
  const models = await db.query({
    text: `SELECT ${bucket} AS i, coalesce(model, ''), sum(total_tokens)::bigint FROM budget_ledger
           WHERE at >= $3 AND at < $4 GROUP BY 1, 2`,
    values: args,
    rowMode: 'array',
  })
  const scoped = await db.query({
    text: `SELECT ${bucket} AS i, coalesce(playbook, ''), coalesce(lane, ''), sum(total_tokens)::bigint,
             coalesce(sum(cost_micros), 0)::bigint FROM budget_ledger
           WHERE at >= $3 AND at < $4 AND exempt = 0 GROUP BY 1, 2, 3`,
    values: args,
    rowMode: 'array',
  })
  return seriesFrom(
    budgets,
    opts,
    models.rows as [number, string, number][],
    scoped.rows as [number, string, string, number, number][],
  )
}
