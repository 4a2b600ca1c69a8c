/**
 * The budget engine's statements on PostgreSQL, inside the caller's transaction: the ledger insert,
 * running totals, reservations, the enforcer's pause rows. The decisions themselves are the SQLite
 * engine's pure functions (`overCap`, `judgeBudget`, `targetsFrom`), so both backends decide alike.
 */
import type pg from 'pg'
import type { BudgetEvent, PausedRow } from './enforcer.js'
import { judgeBudget, needsPipelines, targetsFrom } from './enforcer.js'
import { ledgerRow, type Recorded, type Tally, type Totals, ZERO } from './ledger.js'
import { type Budget, budgetsFor } from './parse-budgets.js'
import { type Decision, overCap, type ReserveRequest } from './reservations.js'
import { TOKEN_FIELDS, type UsageRecord } from './usage-record.js'
import { windowStart } from './windows.js'

export type Db = Pick<pg.PoolClient, 'query'>

/** What the PostgreSQL engine works with (core.ts's options without the SQLite store). */
export interface PgBudgetScope {
  budgets: readonly Budget[]
  byName: Map<string, Budget>
  exempt: readonly string[]
  ttl: number
}

/**
 * Every budget write transaction takes this one advisory lock first (released at COMMIT/ROLLBACK):
 * the fleet's budget writers run one at a time, as SQLite's `BEGIN IMMEDIATE` makes a host's do.
 */
export async function lockBudgets(c: Db): Promise<void> {
  await c.query(`SELECT pg_advisory_xact_lock(hashtext('timmy.budget'))`)
}

const TOTALS = `spent_tokens, spent_cost_micros, reserved_tokens, reserved_cost_micros, soft_fired`

/** The totals of (budget, window) pairs, keyed `name|windowStart`; absent rows are zero. */
export async function readTotalsPg(
  c: Db,
  pairs: readonly [string, number][],
): Promise<(n: string, ws: number) => Totals> {
  const found = new Map<string, Totals>()
  if (pairs.length) {
    const r = await c.query(
      `SELECT budget, window_start, ${TOTALS} FROM budget_totals
       WHERE (budget, window_start) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))`,
      [pairs.map(([n]) => n), pairs.map(([, ws]) => ws)],
    )
    for (const row of r.rows) found.set(`${row.budget}|${row.window_start}`, row as Totals)
  }
  return (n, ws) => found.get(`${n}|${ws}`) ?? ZERO
}

/** Add deltas to a window's totals (the row created at zero first); the new totals. */
export async function bumpPg(c: Db, name: string, ws: number, d: readonly number[]): Promise<Totals> {
  const r = await c.query(
    `INSERT INTO budget_totals (budget, window_start, spent_tokens, spent_cost_micros, reserved_tokens, reserved_cost_micros)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (budget, window_start) DO UPDATE SET
       spent_tokens = budget_totals.spent_tokens + excluded.spent_tokens,
       spent_cost_micros = budget_totals.spent_cost_micros + excluded.spent_cost_micros,
       reserved_tokens = greatest(0, budget_totals.reserved_tokens + excluded.reserved_tokens),
       reserved_cost_micros = greatest(0, budget_totals.reserved_cost_micros + excluded.reserved_cost_micros)
     RETURNING ${TOTALS}`,
    [name, ws, ...d],
  )
  return r.rows[0] as Totals
}

export function tallyAdd(
  tally: Tally,
  name: string,
  ws: number,
  d: readonly [number, number, number, number],
): void {
  const e = tally.get(`${name}|${ws}`)
  if (!e) tally.set(`${name}|${ws}`, { name, ws, d: [...d] })
  else for (let i = 0; i < 4; i++) e.d[i]! += d[i]!
}

/** Write a tally: one statement per (budget, window); the new totals by `name|windowStart`. */
export async function flushTallyPg(c: Db, tally: Tally): Promise<Map<string, Totals>> {
  const out = new Map<string, Totals>()
  for (const [key, { name, ws, d }] of tally) out.set(key, await bumpPg(c, name, ws, d))
  return out
}

const LEDGER_COLUMNS = [
  ['at', 'at'],
  ['source', 'source'],
  ['dedupe_key', 'key'],
  ['playbook', 'playbook'],
  ['lane', 'lane'],
  ['run_id', 'runId'],
  ['step_id', 'stepId'],
  ['session_id', 'sessionId'],
  ['model', 'model'],
  ['provider', 'provider'],
  ...TOKEN_FIELDS.map((f) => [f, f]),
  ['total_tokens', 'total_tokens'],
  ['cost_micros', 'cost_micros'],
  ['cost_status', 'cost_status'],
  ['exempt', 'exempt'],
] as const
const INSERT_LEDGER = `INSERT INTO budget_ledger (${LEDGER_COLUMNS.map(([c]) => c).join(', ')})
  VALUES (${LEDGER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING RETURNING id`

/** Append `rec` and add it to the tally of every budget it applies to; undefined when its key was seen. */
export async function recordPg(
  c: Db,
  s: PgBudgetScope,
  rec: UsageRecord,
  now: number,
  tally: Tally,
): Promise<Recorded | undefined> {
  const { row, at, exempt, tokens, cost } = ledgerRow(s.exempt, rec, now)
  const r = await c.query(
    INSERT_LEDGER,
    LEDGER_COLUMNS.map(([, k]) => row[k] ?? null),
  )
  if (r.rows.length === 0) return undefined
  const touched: string[] = []
  if (!exempt)
    for (const b of budgetsFor(s.budgets, rec)) {
      tallyAdd(tally, b.name, windowStart(b, at), [tokens, cost ?? 0, 0, 0])
      touched.push(b.name)
    }
  return { id: Number(r.rows[0].id), at, exempt, touched }
}

interface HeldRow {
  id: string
  state: string
  windows: string
  tokens: number
  cost_micros: number
}

async function getReservation(c: Db, id: string): Promise<HeldRow | undefined> {
  const r = await c.query(
    `SELECT id, state, windows, tokens, cost_micros FROM budget_reservations WHERE id = $1`,
    [id],
  )
  return r.rows[0] as HeldRow | undefined
}

/** The refusal for `req`, or the windows it would be held in (with `prior`, an existing held reservation is ok). */
export async function decidePg(
  c: Db,
  s: PgBudgetScope,
  req: ReserveRequest,
  now: number,
  prior = true,
): Promise<Decision | [string, number][]> {
  const held = prior ? await getReservation(c, req.id) : undefined
  if (held?.state === 'held') {
    const names = (JSON.parse(held.windows) as [string, number][]).map(([n]) => n)
    return { ok: true, id: req.id, budgets: names, existing: true }
  }
  const pairs = budgetsFor(s.budgets, req).map((b) => [b.name, windowStart(b, now)] as [string, number])
  return overCap(await readTotalsPg(c, pairs), s.budgets, req, now)
}

/** Check and hold `req` against every applicable budget. Call under `lockBudgets`. */
export async function reservePg(
  c: Db,
  s: PgBudgetScope,
  req: ReserveRequest,
  now: number,
): Promise<Decision> {
  const checked = await decidePg(c, s, req, now)
  if (!Array.isArray(checked)) return checked
  await c.query(
    `INSERT INTO budget_reservations (id, state, windows, tokens, cost_micros, est_tokens, est_cost_micros,
       playbook, lane, run_id, step_id, created_at, expires_at)
     VALUES ($1, 'held', $2, $3, $4, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      req.id,
      JSON.stringify(checked),
      req.tokens,
      req.costMicros,
      req.playbook ?? null,
      req.lane ?? null,
      req.runId ?? null,
      req.stepId ?? null,
      now,
      now + s.ttl,
    ],
  )
  for (const [name, ws] of checked) await bumpPg(c, name, ws, [0, 0, req.tokens, req.costMicros])
  return { ok: true, id: req.id, budgets: checked.map(([n]) => n) }
}

/** Take up to (tokens, cost) off a held reservation. */
export async function drawPg(
  c: Db,
  id: string,
  tokens: number,
  costMicros: number,
  tally: Tally,
): Promise<void> {
  const row = await getReservation(c, id)
  if (row?.state !== 'held') return
  const dt = Math.min(tokens, row.tokens)
  const dc = Math.min(costMicros, row.cost_micros)
  await c.query(`UPDATE budget_reservations SET tokens = $1, cost_micros = $2 WHERE id = $3`, [
    row.tokens - dt,
    row.cost_micros - dc,
    id,
  ])
  for (const [name, ws] of JSON.parse(row.windows) as [string, number][])
    tallyAdd(tally, name, ws, [0, 0, -dt, -dc])
}

/** Release what is left of a reservation; the budgets it was held in. */
export async function releasePg(
  c: Db,
  id: string,
  now: number,
  tally: Tally,
  state: 'released' | 'expired' = 'released',
): Promise<string[]> {
  const row = await getReservation(c, id)
  if (row?.state !== 'held') return []
  const windows = JSON.parse(row.windows) as [string, number][]
  for (const [name, ws] of windows) tallyAdd(tally, name, ws, [0, 0, -row.tokens, -row.cost_micros])
  await c.query(
    `UPDATE budget_reservations SET state = $1, tokens = 0, cost_micros = 0, closed_at = $2 WHERE id = $3`,
    [state, now, id],
  )
  return windows.map(([n]) => n)
}

/** Expire reservations whose time to live has passed. */
export async function expireDuePg(c: Db, now: number): Promise<void> {
  const due = await c.query(`SELECT id FROM budget_reservations WHERE state = 'held' AND expires_at <= $1`, [
    now,
  ])
  if (due.rows.length === 0) return
  const tally: Tally = new Map()
  for (const { id } of due.rows) await releasePg(c, id as string, now, tally, 'expired')
  await flushTallyPg(c, tally)
}

export async function pausedRowsPg(c: Db): Promise<PausedRow[]> {
  return (await c.query(`SELECT budget, window_start, targets, reason FROM budget_paused`))
    .rows as PausedRow[]
}

/** The enforcer for the named budgets (soft once, exhausted → paused, resumed); `totals` fresh from a flush. */
export async function checkNamedPg(
  c: Db,
  s: PgBudgetScope,
  names: Iterable<string>,
  t: number,
  totals?: Map<string, Totals>,
): Promise<BudgetEvent[]> {
  const set = [...new Set(names)].filter((n) => s.byName.has(n))
  if (set.length === 0) return []
  const paused = new Map((await pausedRowsPg(c)).map((p) => [p.budget, p]))
  const events: BudgetEvent[] = []
  for (const n of set) {
    const b = s.byName.get(n)!
    const ws = windowStart(b, t)
    const tot = totals?.get(`${n}|${ws}`) ?? (await readTotalsPg(c, [[n, ws]]))(n, ws)
    const j = judgeBudget(b, t, { ...tot, soft_fired: 0 }, paused.get(n))
    if (j.soft) {
      const r = await c.query(
        `UPDATE budget_totals SET soft_fired = 1 WHERE budget = $1 AND window_start = $2 AND soft_fired = 0`,
        [n, ws],
      )
      if (r.rowCount === 1) events.push(j.soft)
    }
    if (j.resumed) {
      await c.query(`DELETE FROM budget_paused WHERE budget = $1`, [n])
      events.push(j.resumed)
    }
    if (j.exhausted) {
      const lane = b.scope === 'lane' ? b.match! : null
      const playbooks = needsPipelines(b)
        ? (
            await c.query(
              `SELECT DISTINCT playbook FROM budget_ledger WHERE at >= $1 AND playbook IS NOT NULL AND ($2::text IS NULL OR lane = $2)`,
              [ws, lane],
            )
          ).rows.map((r) => r.playbook as string)
        : []
      const targets = targetsFrom(b, playbooks)
      await c.query(
        `INSERT INTO budget_paused (budget, window_start, targets, paused_at, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (budget) DO UPDATE SET window_start = excluded.window_start, targets = excluded.targets,
           paused_at = excluded.paused_at, reason = excluded.reason`,
        [n, ws, JSON.stringify(targets), t, j.exhausted.reason],
      )
      events.push(j.exhausted.event(targets))
    }
  }
  return events
}
