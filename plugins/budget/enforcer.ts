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

function targetsOf(es: EnforcerStatements, b: Budget, ws: number): string[] {
  if (b.scope === 'pipeline' && !b.match!.includes('*')) return [b.match!]
  const lane = b.scope === 'lane' ? b.match! : null
  const rows = es.pipelines.all(ws, lane, lane) as { playbook: string }[]
  const names = rows.map((r) => r.playbook).filter((p) => b.scope !== 'pipeline' || globMatch(b.match!, p))
  return b.scope === 'global' ? ['*', ...names] : names
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
  const capCost = b.cost === undefined ? undefined : Math.round(b.cost * 1e6)
  const base = {
    budget: b.name,
    windowStart: ws,
    spentTokens: t.spent_tokens,
    spentCost: fromMicros(t.spent_cost_micros),
    ...(b.tokens !== undefined ? { capTokens: b.tokens } : {}),
    ...(b.cost !== undefined ? { capCost: b.cost } : {}),
  }
  const events: BudgetEvent[] = []
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
  if (fraction >= b.soft && es.soft.run(b.name, ws).changes === 1) {
    events.push({
      ...base,
      state: 'soft',
      targets: [],
      reason: `budget "${b.name}" passed its soft threshold (${Math.round(b.soft * 100)} %): ${Math.round(fraction * 100)} % of the ${b.window} cap used`,
    })
  }
  const exhausted =
    (b.tokens !== undefined && t.spent_tokens >= b.tokens) ||
    (capCost !== undefined && t.spent_cost_micros >= capCost)
  const paused = known?.paused ? known.paused.get(b.name) : (es.paused.get(b.name) as PausedRow | undefined)
  if (paused && (paused.window_start !== ws || !exhausted)) {
    es.unpause.run(b.name)
    events.push({
      ...base,
      state: 'resumed',
      targets: JSON.parse(paused.targets) as string[],
      reason:
        paused.window_start !== ws
          ? `budget "${b.name}": a new ${b.window} window began; its pipelines resume`
          : `budget "${b.name}" is no longer exhausted; its pipelines resume`,
    })
  }
  if (exhausted && (!paused || paused.window_start !== ws)) {
    const targets = targetsOf(es, b, ws)
    const reason = `budget "${b.name}" is exhausted for this ${b.window} window (${t.spent_tokens} tokens, $${fromMicros(t.spent_cost_micros).toFixed(4)} spent); its pipelines are paused until the window rolls over`
    es.pause.run(b.name, ws, JSON.stringify(targets), now, reason)
    events.push({ ...base, state: 'exhausted', targets, reason })
  }
  return events
}
