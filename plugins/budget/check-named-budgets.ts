/** Enforcer checks for the named budgets; `tally` (written in the same transaction) supplies fresh totals without re-reading. */
import type { BudgetScope } from './budget-scope.js'
import { type BudgetEvent, checkBudget, type PausedRow } from './enforcer.js'
import { flushTally, type Tally } from './ledger.js'

export function checkNamedBudgets(
  s: BudgetScope,
  names: Iterable<string>,
  t: number,
  tally?: Tally,
): BudgetEvent[] {
  const totals = tally ? flushTally(s.ls, tally) : undefined
  const set = new Set(names)
  if (set.size === 0) return []
  const paused = new Map((s.es.allPaused.all() as PausedRow[]).map((p) => [p.budget, p]))
  const events: BudgetEvent[] = []
  for (const n of set) {
    const b = s.byName.get(n)
    if (b) events.push(...checkBudget(s.ls, s.es, b, t, { ...(totals ? { totals } : {}), paused }))
  }
  return events
}
