/**
 * Reservations: before a step spends, reserve its worst case against every budget that applies, in
 * one `BEGIN IMMEDIATE` transaction (the caller's), so concurrent workers and processes serialise on
 * the write lock and the sum of spent + reserved never passes a hard cap. After the step the
 * reservation is drawn down by the actual usage and released; an abandoned one expires.
 */
import type { Statement } from 'better-sqlite3'
import type { Database } from '../../core/store/store.js'
import { addToTally, type LedgerStatements, readTotals, type Tally, type Totals } from './ledger.js'
import { type Budget, budgetsFor } from './parse-budgets.js'
import { fromMicros } from './usage-record.js'
import { windowStart } from './windows.js'

export interface ReserveRequest {
  id: string
  tokens: number
  costMicros: number
  playbook?: string
  lane?: string
  runId?: string
  stepId?: string
}

export type Decision =
  | { ok: true; id: string; budgets: string[]; existing?: boolean }
  | {
      ok: false
      reason: string
      budget: string
      unit: 'tokens' | 'cost'
      spent: number
      reserved: number
      requested: number
      cap: number
    }

interface HeldRow {
  id: string
  windows: string
  tokens: number
  cost_micros: number
}

export function reservationStatements(
  db: Database,
): Record<'get' | 'insert' | 'draw' | 'close' | 'due', Statement> {
  return {
    get: db.prepare(`SELECT id, state, windows, tokens, cost_micros FROM budget_reservations WHERE id = ?`),
    insert: db.prepare(
      `INSERT INTO budget_reservations (id, state, windows, tokens, cost_micros, est_tokens, est_cost_micros,
         playbook, lane, run_id, step_id, created_at, expires_at)
       VALUES (?, 'held', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    draw: db.prepare(`UPDATE budget_reservations SET tokens = ?, cost_micros = ? WHERE id = ?`),
    close: db.prepare(
      `UPDATE budget_reservations SET state = ?, tokens = 0, cost_micros = 0, closed_at = ? WHERE id = ?`,
    ),
    due: db.prepare(
      `SELECT id, windows, tokens, cost_micros FROM budget_reservations WHERE state = 'held' AND expires_at <= ?`,
    ),
  }
}

export type ReservationStatements = ReturnType<typeof reservationStatements>

/** Check every applicable budget and hold the estimate against all of them, or against none. Call in a transaction. */
export function reserve(
  ls: LedgerStatements,
  rs: ReservationStatements,
  budgets: readonly Budget[],
  req: ReserveRequest,
  now: number,
  ttlMs: number,
): Decision {
  const prior = rs.get.get(req.id) as (HeldRow & { state: string }) | undefined
  if (prior?.state === 'held') {
    const names = (JSON.parse(prior.windows) as [string, number][]).map(([n]) => n)
    return { ok: true, id: req.id, budgets: names, existing: true }
  }
  const checked = overCap((n, ws) => readTotals(ls, n, ws), budgets, req, now)
  if (!Array.isArray(checked)) return checked
  const windows = checked
  rs.insert.run(
    req.id,
    JSON.stringify(windows),
    req.tokens,
    req.costMicros,
    req.tokens,
    req.costMicros,
    req.playbook ?? null,
    req.lane ?? null,
    req.runId ?? null,
    req.stepId ?? null,
    now,
    now + ttlMs,
  )
  for (const [name, ws] of windows) ls.bump.run(name, ws, 0, 0, req.tokens, req.costMicros)
  return { ok: true, id: req.id, budgets: windows.map(([n]) => n) }
}

/**
 * Read only: the first budget that applies to `req` which is exhausted or which `req.tokens`/`cost` on
 * top of spent + reserved would pass (a refusal), else the windows the request would be held in.
 */
export function overCap(
  totalsOf: (budget: string, windowStart: number) => Totals,
  budgets: readonly Budget[],
  req: Pick<ReserveRequest, 'tokens' | 'costMicros' | 'playbook' | 'lane'>,
  now: number,
): Extract<Decision, { ok: false }> | [string, number][] {
  const applicable = budgetsFor(budgets, req)
  const windows: [string, number][] = []
  for (const b of applicable) {
    const ws = windowStart(b, now)
    const t = totalsOf(b.name, ws)
    const checks = [
      ['tokens', b.tokens, t.spent_tokens, t.reserved_tokens, req.tokens, 1],
      [
        'cost',
        b.cost === undefined ? undefined : Math.round(b.cost * 1e6),
        t.spent_cost_micros,
        t.reserved_cost_micros,
        req.costMicros,
        1e6,
      ],
    ] as const
    for (const [unit, cap, spent, reserved, want, scale] of checks) {
      if (cap === undefined) continue
      if (spent + reserved + want > cap || spent >= cap) {
        const f = (n: number) => (scale === 1 ? n : fromMicros(n))
        const show = (n: number) => (unit === 'cost' ? `$${f(n).toFixed(4)}` : `${n} tokens`)
        return {
          ok: false as const,
          budget: b.name,
          unit,
          spent: f(spent),
          reserved: f(reserved),
          requested: f(want),
          cap: f(cap),
          reason:
            `budget "${b.name}" (${b.scope}${b.match ? ` ${b.match}` : ''}, ${b.window} ${b.timezone}) would be exceeded: ` +
            `spent ${show(spent)} + reserved ${show(reserved)} + this step ${show(want)} > cap ${show(cap)}`,
        }
      }
    }
    windows.push([b.name, ws])
  }
  return windows
}

/** Take up to (tokens, cost) off a held reservation (the actual usage is recorded separately). */
export function draw(
  ls: LedgerStatements,
  rs: ReservationStatements,
  id: string,
  tokens: number,
  costMicros: number,
  tally?: Tally,
): boolean {
  const row = rs.get.get(id) as (HeldRow & { state: string }) | undefined
  if (row?.state !== 'held') return false
  const dt = Math.min(tokens, row.tokens)
  const dc = Math.min(costMicros, row.cost_micros)
  rs.draw.run(row.tokens - dt, row.cost_micros - dc, id)
  for (const [name, ws] of JSON.parse(row.windows) as [string, number][])
    addToTally(ls, tally, name, ws, 0, 0, -dt, -dc)
  return true
}

/** Release what is left of a reservation (`state`: released or expired). */
export function release(
  ls: LedgerStatements,
  rs: ReservationStatements,
  id: string,
  now: number,
  state: 'released' | 'expired' = 'released',
  tally?: Tally,
): string[] {
  const row = rs.get.get(id) as (HeldRow & { state: string }) | undefined
  if (row?.state !== 'held') return []
  const windows = JSON.parse(row.windows) as [string, number][]
  for (const [name, ws] of windows) addToTally(ls, tally, name, ws, 0, 0, -row.tokens, -row.cost_micros)
  rs.close.run(state, now, id)
  return windows.map(([n]) => n)
}

/** Expire reservations whose time to live has passed (a crashed worker never settles). */
export function expireDue(ls: LedgerStatements, rs: ReservationStatements, now: number): number {
  const due = rs.due.all(now) as HeldRow[]
  for (const r of due) release(ls, rs, r.id, now, 'expired')
  return due.length
}
