/** Budgets that hold a pipeline/lane now: exhausted in their current window (an older window's pause no longer holds). */
import type { BudgetScope } from './budget-scope.js'
import type { Hold } from './core.js'
import type { PausedRow } from './enforcer.js'
import { holdKey } from './hold-key.js'
import { type Budget, budgetsFor } from './parse-budgets.js'
import { windowEnd, windowStart } from './windows.js'

export function findHolds(s: BudgetScope, scope: { playbook?: string; lane?: string }): Hold[] {
  return holdsFrom(s.budgets, scope, s.es.allPaused.all() as PausedRow[], s.now())
}

/** The holds on `scope` from the pause rows at time `t` (either backend). */
export function holdsFrom(
  budgets: readonly Budget[],
  scope: { playbook?: string; lane?: string },
  pausedRows: readonly PausedRow[],
  t: number,
): Hold[] {
  const rows = new Map(pausedRows.map((p) => [p.budget, p]))
  const out: Hold[] = []
  for (const b of budgetsFor(budgets, scope)) {
    const p = rows.get(b.name)
    if (p && p.window_start === windowStart(b, t))
      out.push({ budget: b.name, reason: p.reason, until: windowEnd(b, t), key: holdKey(b.name) })
  }
  return out
}
