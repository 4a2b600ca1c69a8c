/** Reservation decisions: hold the worst case (`reserve`), decide without holding (`check`), or peek read-only. */
import type { BudgetScope } from './budget-scope.js'
import type { ReserveInput } from './core.js'
import { readTotals } from './ledger.js'
import { isExempt } from './parse-budgets.js'
import { type Decision, expireDue, overCap, reserve } from './reservations.js'
import { toRequest } from './to-request.js'

/** Thrown to roll a dry-run transaction back while carrying its decision out. */
class Rollback {
  constructor(readonly value: Decision) {}
}

/** Reserve the worst case against every budget that applies, atomically; `ok: false` names the budget. */
export function reserveBudgets(s: BudgetScope, input: ReserveInput): Decision {
  const req = toRequest(input)
  if (isExempt(s.exempt, input.model)) return { ok: true, id: req.id, budgets: [] }
  const t = s.now()
  return s.store.immediate(() => {
    expireDue(s.ls, s.rs, t)
    return reserve(s.ls, s.rs, s.budgets, req, t, s.ttl)
  })
}

/** What `reserve` would decide, without holding anything (dry runs). */
export function checkReservation(s: BudgetScope, input: ReserveInput): Decision {
  const req = toRequest(input)
  if (isExempt(s.exempt, input.model)) return { ok: true, id: req.id, budgets: [] }
  try {
    return s.store.immediate(() => {
      throw new Rollback(reserve(s.ls, s.rs, s.budgets, req, s.now(), s.ttl))
    })
  } catch (err) {
    if (err instanceof Rollback) return err.value
    throw err
  }
}

/** Read only, no write lock: the refusal `reserve` would give for this much more, or ok. */
export function peekReservation(s: BudgetScope, input: ReserveInput): Decision {
  const req = toRequest(input)
  if (isExempt(s.exempt, input.model)) return { ok: true, id: req.id, budgets: [] }
  const out = overCap((n, ws) => readTotals(s.ls, n, ws), s.budgets, req, s.now())
  return Array.isArray(out) ? { ok: true, id: req.id, budgets: out.map(([n]) => n) } : out
}
