/** What one budget engine works over: its options, the migrated store, prepared statements and budgets by name. */
import { join } from 'node:path'
import type { Store } from '../../core/store/store.js'
import type { CoreOptions } from './core.js'
import { type EnforcerStatements, enforcerStatements } from './enforcer.js'
import { type ImportStatements, importStatements } from './import-statements.js'
import { type LedgerStatements, ledgerStatements } from './ledger.js'
import { BUDGET_MIGRATIONS } from './migrations.js'
import type { Budget } from './parse-budgets.js'
import { type ReservationStatements, reservationStatements } from './reservations.js'

export interface BudgetScope {
  opts: CoreOptions
  store: Store
  db: Store['db']
  ls: LedgerStatements
  rs: ReservationStatements
  es: EnforcerStatements
  imports: ImportStatements
  budgets: readonly Budget[]
  byName: Map<string, Budget>
  exempt: readonly string[]
  now: () => number
  ttl: number
  /** `$HERMES_HOME/token_usage.jsonl`, unless there is no Hermes home or the file is turned off. */
  usageFile: string | undefined
}

/** Migrate the store and prepare everything the engine's operations share. */
export function openBudgetScope(opts: CoreOptions): BudgetScope {
  const { store } = opts
  store.migrate('budget', BUDGET_MIGRATIONS)
  const db = store.db
  return {
    opts,
    store,
    db,
    ls: ledgerStatements(db),
    rs: reservationStatements(db),
    es: enforcerStatements(db),
    imports: importStatements(db),
    budgets: opts.budgets,
    byName: new Map(opts.budgets.map((b) => [b.name, b])),
    exempt: opts.exempt ?? [],
    now: opts.now ?? Date.now,
    ttl: opts.reservationTtlMs ?? 3_600_000,
    usageFile:
      opts.hermesHome && opts.tokenUsageFile !== false
        ? join(opts.hermesHome, 'token_usage.jsonl')
        : undefined,
  }
}
