/**
 * The enforcer: per budget and current window, fire the soft threshold once, mark an exhausted budget
 * paused (with the pipelines to pause), and unmark it when the window rolls over or a reset frees it.
 * Runs inside the caller's transaction and returns the state changes; the caller applies them
 * (queue pause/resume, the `usage` hook, logs) after the commit.
 */
import type { Statement } from 'better-sqlite3'
import type { Database } from '../../core/store/store.js'
import { type LedgerStatements, readTotals, type Totals } from './ledger.js'
import { type Budget, globMatch } from './parse-budgets.js'
import { fromMicros } from './usage-record.js'
import { windowStart } from './windows.js'

export interface BudgetEvent {
  budget: string
  state: 'soft' | 'exhausted' | 'resumed' | 'reset'
  windowStart: number
  spentTokens: number
  spentCost: number
  capTokens?: number
  capCost?: number
  /** Pipelines paused or resumed in the queue (`*` = every pipeline). */
  targets: string[]
  reason: string
}

export function enforcerStatements(
  db: Database,
): Record<'soft' | 'paused' | 'allPaused' | 'pause' | 'unpause' | 'pipelines', Statement> {
  return {
    soft: db.prepare(
      `UPDATE budget_totals SET soft_fired = 1 WHERE budget = ? AND window_start = ? AND soft_fired = 0`,
    ),
    paused: db.prepare(`SELECT budget, window_start, targets, reason FROM budget_paused WHERE budget = ?`),
    allPaused: db.prepare(`SELECT budget, window_start, targets, reason FROM budget_paused`),
    pause: db.prepare(
      `INSERT INTO budget_paused (budget, window_start, targets, paused_at, reason) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (budget) DO UPDATE SET window_start = excluded.window_start, targets = excluded.targets,
         paused_at = excluded.paused_at, reason = excluded.reason`,
    ),
    unpause: db.prepare(`DELETE FROM budget_paused WHERE budget = ?`),
    pipelines: db.prepare(
      `SELECT DISTINCT playbook FROM budget_ledger WHERE at >= ? AND playbook IS NOT NULL AND (? IS NULL OR lane = ?)`,
    ),
  }
}

export type EnforcerStatements = ReturnType<typeof enforcerStatements>

export interface PausedRow {
  budget: string
  window_start: number
  targets: string
  reason: string
}

/** Whether a budget's targets come from the ledger (the pipelines that spent in the window) rather than its `match`. */
export function needsPipelines(b: Budget): boolean {
  return !(b.scope === 'pipeline' && !b.match!.includes('*'))
}

/** The pipelines an exhausted budget pauses, from the playbooks that spent in its window. */
export function targetsFrom(b: Budget, playbooks: readonly string[]): string[] {
  if (!needsPipelines(b)) return [b.match!]
  const names = playbooks.filter((p) => b.scope !== 'pipeline' || globMatch(b.match!, p))
  return b.scope === 'global' ? ['*', ...names] : names
}

function targetsOf(es: EnforcerStatements, b: Budget, ws: number): string[] {
  if (!needsPipelines(b)) return targetsFrom(b, [])
  const lane = b.scope === 'lane' ? b.match! : null
  const rows = es.pipelines.all(ws, lane, lane) as { playbook: string }[]
  return targetsFrom(
    b,
    rows.map((r) => r.playbook),
  )
}

/**
 * What the enforcer decides for one budget from its current window's totals and its pause row (pure;
 * the backends apply it): the soft event (to fire if not fired yet), a resume, and an exhaustion (to
 * build once its targets are read).
 */
export interface Judgement {
  ws: number
  soft?: BudgetEvent
  resumed?: BudgetEvent
  exhausted?: { reason: string; event: (targets: string[]) => BudgetEvent }
}

export function judgeBudget(b: Budget, now: number, t: Totals, paused: PausedRow | undefined): Judgement {
  const ws = windowStart(b, now)
  const capCost = b.cost === undefined ? undefined : Math.round(b.cost * 1e6)
  const base = {
    budget: b.name,
    windowStart: ws,
    spentTokens: t.spent_tokens,
    spentCost: fromMicros(t.spent_cost_micros),
    ...(b.tokens !== undefined ? { capTokens: b.tokens } : {}),
    ...(b.cost !== undefined ? { capCost: b.cost } : {}),
  }
  const out: Judgement = { ws }
  const fraction = Math.max(
    b.tokens === undefined ? 0 : b.tokens === 0 ? (t.spent_tokens > 0 ? 1 : 0) : t.spent_tokens / b.tokens,
    capCost === undefined
      ? 0
      : capCost === 0
        ? t.spent_cost_micros > 0
          ? 1
          : 0
        : t.spent_cost_micros / capCost,
  )
  if (fraction >= b.soft && t.soft_fired === 0)
    out.soft = {
      ...base,
      state: 'soft',
      targets: [],
      reason: `budget "${b.name}" passed its soft threshold (${Math.round(b.soft * 100)} %): ${Math.round(fraction * 100)} % of the ${b.window} cap used`,
    }
  const exhausted =
    (b.tokens !== undefined && t.spent_tokens >= b.tokens) ||
    (capCost !== undefined && t.spent_cost_micros >= capCost)
  if (paused && (paused.window_start !== ws || !exhausted))
    out.resumed = {
      ...base,
      state: 'resumed',
      targets: JSON.parse(paused.targets) as string[],
      reason:
        paused.window_start !== ws
          ? `budget "${b.name}": a new ${b.window} window began; its pipelines resume`
          : `budget "${b.name}" is no longer exhausted; its pipelines resume`,
    }
  if (exhausted && (!paused || paused.window_start !== ws)) {
    const reason = `budget "${b.name}" is exhausted for this ${b.window} window (${t.spent_tokens} tokens, $${fromMicros(t.spent_cost_micros).toFixed(4)} spent); its pipelines are paused until the window rolls over`
    out.exhausted = { reason, event: (targets) => ({ ...base, state: 'exhausted', targets, reason }) }
  }
  return out
}

export function checkBudget(
  ls: LedgerStatements,
  es: EnforcerStatements,
  b: Budget,
  now: number,
  known?: { totals?: Map<string, Totals>; paused?: Map<string, PausedRow> },
): BudgetEvent[] {
  const ws = windowStart(b, now)
  const t = known?.totals?.get(`${b.name}|${ws}`) ?? readTotals(ls, b.name, ws)
  const paused = known?.paused ? known.paused.get(b.name) : (es.paused.get(b.name) as PausedRow | undefined)
  // soft_fired is read again by the UPDATE (… AND soft_fired = 0): fired once however the totals were read.
  const j = judgeBudget(b, now, { ...t, soft_fired: 0 }, paused)
  const events: BudgetEvent[] = []
  if (j.soft && es.soft.run(b.name, ws).changes === 1) events.push(j.soft)
  if (j.resumed) {
    es.unpause.run(b.name)
    events.push(j.resumed)
  }
  if (j.exhausted) {
    const targets = targetsOf(es, b, ws)
    es.pause.run(b.name, ws, JSON.stringify(targets), now, j.exhausted.reason)
    events.push(j.exhausted.event(targets))
  }
  return events
}
