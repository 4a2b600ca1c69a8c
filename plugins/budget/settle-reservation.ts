/** Settle a reservation to actual usage: record it, draw the reservation down, release the rest unless `keep`. */
import { afterCommit } from './after-commit.js'
import type { BudgetScope } from './budget-scope.js'
import { checkNamedBudgets } from './check-named-budgets.js'
import type { Recorded, Tally } from './ledger.js'
import { recordOne } from './record-one.js'
import { draw, release } from './reservations.js'
import { toMicros, totalTokens, type UsageRecord, usageLine } from './usage-record.js'

export function settleReservation(
  s: BudgetScope,
  id: string,
  rec: UsageRecord | undefined,
  keep: boolean,
): Recorded | undefined {
  const t = s.now()
  const out = s.store.immediate(() => {
    const tally: Tally = new Map()
    const r = rec ? recordOne(s, rec, t, tally) : undefined
    const touched = new Set(r?.touched ?? [])
    // Releasing everything left makes a draw first redundant; a kept (run-level) reservation is drawn down.
    if (keep) {
      if (rec && !r?.exempt) draw(s.ls, s.rs, id, totalTokens(rec), toMicros(rec.cost) ?? 0, tally)
    } else for (const n of release(s.ls, s.rs, id, t, 'released', tally)) touched.add(n)
    return { r, events: checkNamedBudgets(s, touched, t, tally) }
  })
  afterCommit(s, out.r && rec ? [usageLine(out.r.id, rec, out.r.at, out.r.exempt)] : [], out.events)
  return out.r
}
