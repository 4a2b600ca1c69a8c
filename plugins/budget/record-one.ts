/** Record one usage record in the ledger of every budget it applies to (inside the caller's transaction). */
import type { BudgetScope } from './budget-scope.js'
import { type Recorded, recordUsage, type Tally } from './ledger.js'
import type { UsageRecord } from './usage-record.js'

export function recordOne(s: BudgetScope, rec: UsageRecord, t: number, tally?: Tally): Recorded | undefined {
  return recordUsage(s.ls, s.budgets, s.exempt, rec, t, tally)
}
