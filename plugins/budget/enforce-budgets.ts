/** Expire abandoned reservations and check every budget (window rollover resumes paused pipelines; a removed budget's pause ends). */
import { afterCommit } from './after-commit.js'
import type { BudgetScope } from './budget-scope.js'
import { checkNamedBudgets } from './check-named-budgets.js'
import type { BudgetEvent, PausedRow } from './enforcer.js'
import { expireDue } from './reservations.js'

export function enforceBudgets(s: BudgetScope): BudgetEvent[] {
  const { es, byName } = s
  const t = s.now()
  const events = s.store.immediate(() => {
    expireDue(s.ls, s.rs, t)
    const out = checkNamedBudgets(s, byName.keys(), t)
    for (const p of es.allPaused.all() as PausedRow[]) {
      if (byName.has(p.budget)) continue
      es.unpause.run(p.budget)
      out.push({
        budget: p.budget,
        state: 'resumed',
        windowStart: p.window_start,
        spentTokens: 0,
        spentCost: 0,
        targets: JSON.parse(p.targets) as string[],
        reason: `budget "${p.budget}" is no longer configured; its pipelines resume`,
      })
    }
    return out
  })
  afterCommit(s, [], events)
  return events
}
