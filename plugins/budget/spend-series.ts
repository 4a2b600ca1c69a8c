/**
 * Spend over time without summing the ledger: a 15-minute rollup (`budget_spend_15m`) that an
 * AFTER INSERT trigger on `budget_ledger` keeps in the same transaction as each ledger row. The
 * migration (store module `budget.rollup`) backfills what the ledger already holds, so it can run
 * at any time. A series read scans at most (days × 96 × scopes) rollup rows, never the ledger, and
 * sums them per bucket in SQL.
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
  // Summed per bucket in SQL (a 7-day hourly read is ~40,000 rollup rows at 60 scopes × models per
  // slot; what comes back is buckets × models and buckets × scopes). A slot belongs to the bucket its
  // start falls in; a slot starting before `since` is left out.
  const lo = Math.ceil(opts.since / SLOT_MS)
  const hi = Math.ceil(opts.until / SLOT_MS)
  const bucket = `CAST((slot * ${SLOT_MS} - ?) / ? AS INTEGER)`
  const models = store.db
    .prepare(
      `SELECT ${bucket} AS i, model, sum(tokens) FROM budget_spend_15m
       WHERE slot >= ? AND slot < ? GROUP BY i, model`,
    )
    .raw()
    .all(opts.since, opts.bucketMs, lo, hi) as [number, string, number][]
  const scoped = store.db
    .prepare(
      `SELECT ${bucket} AS i, playbook, lane, sum(tokens), sum(cost_micros) FROM budget_spend_15m
       WHERE slot >= ? AND slot < ? AND exempt = 0 GROUP BY i, playbook, lane`,
    )
    .raw()
    .all(opts.since, opts.bucketMs, lo, hi) as [number, string, string, number, number][]
  return seriesFrom(budgets, opts, models, scoped)
}

/**
 * The series from per-bucket sums (either backend): `models` rows are [bucket, model, tokens] (all
 * models), `scoped` rows [bucket, playbook, lane, tokens, cost micros] (exempt models left out).
 */
export function seriesFrom(
  budgets: readonly Budget[],
  opts: { since: number; until: number; bucketMs: number },
  models: readonly [number, string, number][],
  scoped: readonly [number, string, string, number, number][],
): SpendSeries {
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
  for (const [i, model, tokens] of models) {
    if (i >= n) continue
    ;(byModel[model || '(none)'] ??= zeros())[i]! += tokens
  }
  const scopes = new Map<string, Budget[]>()
  for (const [i, playbook, lane, tokens, cost] of scoped) {
    if (i >= n) continue
    const key = `${playbook}\u0000${lane}`
    let applies = scopes.get(key)
    if (!applies) {
      applies = budgetsFor(budgets, { ...(playbook ? { playbook } : {}), ...(lane ? { lane } : {}) })
      scopes.set(key, applies)
    }
    for (const b of applies) {
      byBudget[b.name]![i]! += tokens
      costByBudget[b.name]![i]! += cost / 1e6
    }
  }
  return { starts, byBudget, byModel, costByBudget }
}
