/** Append a usage record (no reservation), count it, enforce; undefined when its key was seen. */
import { afterCommit } from './after-commit.js'
import type { BudgetScope } from './budget-scope.js'
import { checkNamedBudgets } from './check-named-budgets.js'
import type { Recorded, Tally } from './ledger.js'
import { recordOne } from './record-one.js'
import { type UsageRecord, usageLine } from './usage-record.js'

export function recordBudgetUsage(s: BudgetScope, rec: UsageRecord): Recorded | undefined {
  const t = s.now()
  const out = s.store.immediate(() => {
    const tally: Tally = new Map()
    const r = recordOne(s, rec, t, tally)
    return { r, events: checkNamedBudgets(s, r?.touched ?? [], t, tally) }
  })
  afterCommit(s, out.r ? [usageLine(out.r.id, rec, out.r.at, out.r.exempt)] : [], out.events)
  return out.r
}
