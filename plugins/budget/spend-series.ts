/**
 * Spend over time without summing the ledger: a 15-minute rollup (`budget_spend_15m`) that an
 * AFTER INSERT trigger on `budget_ledger` keeps in the same transaction as each ledger row. The
 * migration (store module `budget.rollup`) backfills what the ledger already holds, so it can run
 * at any time. A series read scans at most (days × 96 × scopes) rollup rows, never the ledger.
 */
import type { Store } from '../../core/store/store.js'
import { type Budget, budgetsFor } from './parse-budgets.js'

export const SLOT_MS = 900_000

const ROLLUP_MIGRATIONS = [
  `CREATE TABLE budget_spend_15m (
     slot INTEGER NOT NULL, playbook TEXT NOT NULL, lane TEXT NOT NULL, model TEXT NOT NULL,
     exempt INTEGER NOT NULL, tokens INTEGER NOT NULL, cost_micros INTEGER NOT NULL, records INTEGER NOT NULL,
     PRIMARY KEY (slot, playbook, lane, model, exempt)) WITHOUT ROWID;
   INSERT INTO budget_spend_15m
     SELECT at / ${SLOT_MS}, coalesce(playbook, ''), coalesce(lane, ''), coalesce(model, ''), exempt,
            sum(total_tokens), coalesce(sum(cost_micros), 0), count(*)
     FROM budget_ledger GROUP BY 1, 2, 3, 4, 5;
   CREATE TRIGGER budget_spend_15m_add AFTER INSERT ON budget_ledger BEGIN
     INSERT INTO budget_spend_15m VALUES (new.at / ${SLOT_MS}, coalesce(new.playbook, ''), coalesce(new.lane, ''),
       coalesce(new.model, ''), new.exempt, new.total_tokens, coalesce(new.cost_micros, 0), 1)
     ON CONFLICT DO UPDATE SET tokens = tokens + excluded.tokens,
       cost_micros = cost_micros + excluded.cost_micros, records = records + 1;
   END;`,
]

/** Install the rollup (idempotent; the budget tables must exist). */
export function migrateSpendRollup(store: Store): void {
  store.migrate('budget.rollup', ROLLUP_MIGRATIONS)
}

export interface SpendSeries {
  /** Start of each bucket, epoch ms (`since`, `since + bucketMs`, …). */
  starts: number[]
  /** Tokens counted against each budget per bucket (exempt models left out, as the budget does). */
  byBudget: Record<string, number[]>
  /** Tokens per model per bucket (exempt ones included; `(none)` when the record named no model). */
  byModel: Record<string, number[]>
  /** Cost in USD per budget per bucket. */
  costByBudget: Record<string, number[]>
}

export function readSpendSeries(
  store: Store,
  budgets: readonly Budget[],
  opts: { since: number; until: number; bucketMs: number },
): SpendSeries {
  migrateSpendRollup(store)
  const n = Math.max(1, Math.ceil((opts.until - opts.since) / opts.bucketMs))
  const starts = Array.from({ length: n }, (_, i) => opts.since + i * opts.bucketMs)
  const zeros = () => new Array<number>(n).fill(0)
  const byBudget: Record<string, number[]> = {}
  const costByBudget: Record<string, number[]> = {}
  for (const b of budgets) {
    byBudget[b.name] = zeros()
    costByBudget[b.name] = zeros()
  }
  const byModel: Record<string, number[]> = {}
  const rows = store.db
    .prepare(
      `SELECT slot, playbook, lane, model, exempt, sum(tokens) AS tokens, sum(cost_micros) AS cost
       FROM budget_spend_15m WHERE slot >= ? AND slot < ? GROUP BY slot, playbook, lane, model, exempt`,
    )
    .all(Math.floor(opts.since / SLOT_MS), Math.ceil(opts.until / SLOT_MS)) as {
    slot: number
    playbook: string
    lane: string
    model: string
    exempt: number
    tokens: number
    cost: number
  }[]
  const scopes = new Map<string, Budget[]>()
  for (const r of rows) {
    const i = Math.floor((r.slot * SLOT_MS - opts.since) / opts.bucketMs)
    if (i < 0 || i >= n) continue
    const model = r.model || '(none)'
    ;(byModel[model] ??= zeros())[i]! += r.tokens
    if (r.exempt) continue
    const key = `${r.playbook}\u0000${r.lane}`
    let applies = scopes.get(key)
    if (!applies) {
      applies = budgetsFor(budgets, {
        ...(r.playbook ? { playbook: r.playbook } : {}),
        ...(r.lane ? { lane: r.lane } : {}),
      })
      scopes.set(key, applies)
    }
    for (const b of applies) {
      byBudget[b.name]![i]! += r.tokens
      costByBudget[b.name]![i]! += r.cost / 1e6
    }
  }
  return { starts, byBudget, byModel, costByBudget }
}
