/**
 * Import spend made by Hermes outside timmy from `$HERMES_HOME/state.db` (FORMATS §4, §8): opened
 * read-only, never altered; SQLITE_BUSY is retried with backoff and then skipped until the next tick.
 * Incremental: `budget_imports` keeps the counters already imported per key (a session_model_usage
 * row, or a session with no such rows), and only the growth since is recorded, so repeated imports
 * count each token once. Sessions whose `source` is skipped (timmy's own runs) or already reported
 * to the ledger by another source are left out. Where Hermes did not know the actual cost
 * (`actual_cost_usd` 0.0 or NULL) its `estimated_cost_usd` is counted and the ledger row is marked
 * `cost_status: estimated`.
 */

import { existsSync } from 'node:fs'
import type BetterSqlite3 from 'better-sqlite3'
import { backoffDelay } from '../../core/backoff.js'
import { reasonOf } from '../../core/errors.js'
import { E } from './errors.js'
import { TOKEN_FIELDS, toMicros, type UsageRecord } from './usage-record.js'

export interface HermesRow {
  key: string
  sessionId: string
  model?: string
  provider?: string
  at: number
  counters: Record<(typeof TOKEN_FIELDS)[number], number>
  costMicros: number
  costStatus?: string
}

export interface ImportResult {
  status: 'imported' | 'missing' | 'busy'
  scanned: number
  records: number
  tokens: number
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)
const usdOf = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined
/**
 * Hermes' actual cost when it knows it (`cost_status` `actual`, or a positive `actual_cost_usd`), else
 * its estimate, flagged: Hermes leaves `actual_cost_usd` at 0.0 (or NULL) when the provider did not
 * report the actual cost, so taking that column alone would count the spend at $0.
 */
const cost = (r: Record<string, unknown>): { micros: number; estimated: boolean } => {
  const actual = usdOf(r.actual_cost_usd)
  if (actual !== undefined && (actual > 0 || r.cost_status === 'actual'))
    return { micros: toMicros(actual) ?? 0, estimated: false }
  const estimate = usdOf(r.estimated_cost_usd)
  return estimate ? { micros: toMicros(estimate) ?? 0, estimated: true } : { micros: 0, estimated: false }
}
/** The row's cost fields: micro-USD, and `cost_status: estimated` when the estimate stands in for the actual cost. */
const costFields = (r: Record<string, unknown>): Pick<HermesRow, 'costMicros' | 'costStatus'> => {
  const c = cost(r)
  const status = c.estimated ? 'estimated' : str(r.cost_status)
  return { costMicros: c.micros, ...(status ? { costStatus: status } : {}) }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? ''
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    /database is locked/i.test(reasonOf(err))
  )
}

/** Read the usage rows of state.db changed since `sinceSec` (Unix seconds), retrying while it is busy. */
export async function readHermesUsage(
  Sqlite: typeof BetterSqlite3,
  path: string,
  opts: { sinceSec: number; skipSources: readonly string[]; attempts?: number; now: number },
): Promise<HermesRow[] | 'missing' | 'busy'> {
  if (!existsSync(path)) return 'missing'
  const attempts = opts.attempts ?? 5
  for (let i = 0; ; i++) {
    let db: BetterSqlite3.Database | undefined
    try {
      db = new Sqlite(path, { readonly: true, fileMustExist: true, timeout: 250 })
      return readRows(db, opts)
    } catch (err) {
      if (!isBusy(err))
        throw E.BUDGET_HERMES_DB_UNREADABLE({ path, reason: reasonOf(err) }, { cause: err, exitCode: 1 })
      if (i + 1 >= attempts) return 'busy'
      await new Promise((r) => setTimeout(r, backoffDelay(i, { baseDelayMs: 100, maxDelayMs: 2000 })))
    } finally {
      db?.close()
    }
  }
}

function readRows(
  db: BetterSqlite3.Database,
  opts: { sinceSec: number; skipSources: readonly string[]; now: number },
): HermesRow[] {
  const tables = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (r) => r.name,
    ),
  )
  if (!tables.has('sessions')) return []
  const skip = JSON.stringify(opts.skipSources)
  const out: HermesRow[] = []
  const counters = (r: Record<string, unknown>) =>
    Object.fromEntries(TOKEN_FIELDS.map((f) => [f, num(r[f])])) as HermesRow['counters']
  db.exec('BEGIN') // one snapshot for both reads
  try {
    if (tables.has('session_model_usage')) {
      const rows = db
        .prepare(
          `SELECT u.*, s.source AS session_source FROM session_model_usage u
           LEFT JOIN sessions s ON s.id = u.session_id
           WHERE (u.last_seen IS NULL OR u.last_seen >= ?)
             AND (s.source IS NULL OR s.source NOT IN (SELECT value FROM json_each(?)))`,
        )
        .all(opts.sinceSec, skip) as Record<string, unknown>[]
      for (const r of rows) {
        const key = [
          'm',
          r.session_id,
          r.model,
          r.billing_provider,
          r.billing_base_url,
          r.billing_mode,
          r.task,
        ]
          .map((v) => String(v ?? ''))
          .join('|')
        out.push({
          key,
          sessionId: String(r.session_id),
          ...(str(r.model) ? { model: str(r.model)! } : {}),
          ...(str(r.billing_provider) ? { provider: str(r.billing_provider)! } : {}),
          at: Math.min(opts.now, typeof r.last_seen === 'number' ? r.last_seen * 1000 : opts.now),
          counters: counters(r),
          ...costFields(r),
        })
      }
    }
    const noDetail = tables.has('session_model_usage')
      ? 'AND NOT EXISTS (SELECT 1 FROM session_model_usage u WHERE u.session_id = s.id)'
      : ''
    const sessions = db
      .prepare(
        `SELECT s.* FROM sessions s
         WHERE (s.ended_at IS NULL OR s.ended_at >= ?) AND s.source NOT IN (SELECT value FROM json_each(?)) ${noDetail}`,
      )
      .all(opts.sinceSec, skip) as Record<string, unknown>[]
    for (const r of sessions) {
      out.push({
        key: `s|${r.id}`,
        sessionId: String(r.id),
        ...(str(r.model) ? { model: str(r.model)! } : {}),
        ...(str(r.billing_provider) ? { provider: str(r.billing_provider)! } : {}),
        at: Math.min(opts.now, typeof r.ended_at === 'number' ? r.ended_at * 1000 : opts.now),
        counters: counters(r),
        ...costFields(r),
      })
    }
  } finally {
    if (db.inTransaction) db.exec('COMMIT')
  }
  return out
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
export function deltaRecord(row: HermesRow, seen: ImportSnapshot | undefined): UsageRecord | undefined {
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
