/**
 * The token usage Hermes recorded in `$HERMES_HOME/state.db` (FORMATS §4, §8): `session_model_usage`
 * rows, and the totals of sessions that have none (older Hermes). Opened read-only, never altered;
 * SQLITE_BUSY is retried with backoff, then reported as `busy` (the caller tries again later).
 * Where Hermes did not know the actual cost (`actual_cost_usd` 0.0 or NULL) its `estimated_cost_usd`
 * stands in, and the row says `costStatus: estimated`.
 */
import { existsSync } from 'node:fs'
import type BetterSqlite3 from 'better-sqlite3'
import { backoffDelay } from '../../../core/backoff.js'
import { reasonOf } from '../../../core/errors.js'
import { defaultUnreadable, isBusy, type Unreadable } from './open-state-db.js'

/** Hermes' token counter columns (on `sessions` and `session_model_usage`). */
export const USAGE_TOKEN_COLUMNS = [
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
] as const

export interface UsageRow {
  /** Stable per usage row: `m|session|model|provider|base_url|mode|task`, or `s|<session id>`. */
  key: string
  sessionId: string
  model?: string
  provider?: string
  /** Last seen / ended (ms), never after `now`. */
  at: number
  counters: Record<(typeof USAGE_TOKEN_COLUMNS)[number], number>
  costMicros: number
  costStatus?: string
}

export interface UsageReadOptions {
  /** Rows changed since (Unix seconds). */
  sinceSec: number
  /** `sessions.source` values left out (timmy's own runs). */
  skipSources: readonly string[]
  /** Attempts while busy (default 5). */
  attempts?: number
  now: number
  unreadable?: Unreadable
}

const toMicros = (usd: number): number => Math.round(usd * 1_000_000)
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
    return { micros: toMicros(actual), estimated: false }
  const estimate = usdOf(r.estimated_cost_usd)
  return estimate ? { micros: toMicros(estimate), estimated: true } : { micros: 0, estimated: false }
}
/** The row's cost fields: micro-USD, and `cost_status: estimated` when the estimate stands in for the actual cost. */
const costFields = (r: Record<string, unknown>): Pick<UsageRow, 'costMicros' | 'costStatus'> => {
  const c = cost(r)
  const status = c.estimated ? 'estimated' : str(r.cost_status)
  return { costMicros: c.micros, ...(status ? { costStatus: status } : {}) }
}

/** Read the usage rows of state.db changed since `sinceSec` (Unix seconds), retrying while it is busy. */
export async function readUsage(
  Sqlite: typeof BetterSqlite3,
  path: string,
  opts: UsageReadOptions,
): Promise<UsageRow[] | 'missing' | 'busy'> {
  if (!existsSync(path)) return 'missing'
  const attempts = opts.attempts ?? 5
  for (let i = 0; ; i++) {
    let db: BetterSqlite3.Database | undefined
    try {
      db = new Sqlite(path, { readonly: true, fileMustExist: true, timeout: 250 })
      return readRows(db, opts)
    } catch (err) {
      if (!isBusy(err))
        throw (opts.unreadable ?? defaultUnreadable)({
          file: path,
          reason: reasonOf(err),
          busy: false,
          cause: err,
        })
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
): UsageRow[] {
  const tables = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (r) => r.name,
    ),
  )
  if (!tables.has('sessions')) return []
  const skip = JSON.stringify(opts.skipSources)
  const out: UsageRow[] = []
  const counters = (r: Record<string, unknown>) =>
    Object.fromEntries(USAGE_TOKEN_COLUMNS.map((f) => [f, num(r[f])])) as UsageRow['counters']
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
