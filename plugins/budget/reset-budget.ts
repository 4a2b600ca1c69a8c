/** Zero the current window's spend of one budget (audited in `budget_resets`; the ledger is kept). */
import { didYouMean } from '../../core/did-you-mean.js'
import { afterCommit } from './after-commit.js'
import type { BudgetScope } from './budget-scope.js'
import { type BudgetEvent, checkBudget } from './enforcer.js'
import { E } from './errors.js'
import { readTotals } from './ledger.js'
import { windowStart } from './windows.js'

export function resetBudget(
  s: BudgetScope,
  name: string,
  audit: { actor: string; reason?: string },
): BudgetEvent[] {
  const { db, ls, es, byName } = s
  const b = byName.get(name)
  if (!b) {
    const known = [...byName.keys()]
    throw E.BUDGET_UNKNOWN({ name, known: known.join(', '), suggestion: didYouMean(name, known) })
  }
  const t = s.now()
  const events = s.store.immediate(() => {
    const ws = windowStart(b, t)
    const before = readTotals(ls, b.name, ws)
    db.prepare(
      `INSERT INTO budget_resets (budget, window_start, at, actor, reason, spent_tokens_before, spent_cost_micros_before)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(b.name, ws, t, audit.actor, audit.reason ?? null, before.spent_tokens, before.spent_cost_micros)
    db.prepare(
      `UPDATE budget_totals SET spent_tokens = 0, spent_cost_micros = 0, soft_fired = 0 WHERE budget = ? AND window_start = ?`,
    ).run(b.name, ws)
    const ev: BudgetEvent = {
      budget: b.name,
      state: 'reset',
      windowStart: ws,
      spentTokens: before.spent_tokens,
      spentCost: before.spent_cost_micros / 1e6,
      targets: [],
      reason: `budget "${b.name}" was reset by ${audit.actor}${audit.reason ? ` (${audit.reason})` : ''}`,
    }
    return [ev, ...checkBudget(ls, es, b, t)]
  })
  afterCommit(s, [], events)
  return events
}
