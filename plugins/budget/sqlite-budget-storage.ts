/** The budget tables in the host's SQLite store: the synchronous engine (core.ts) behind the async contract. */
import type { BudgetStorage } from './budget-storage.js'
import type { BudgetCore } from './core.js'

// Reading reports and series loads their code on first use.
let reportBody: Promise<typeof import('./report.js')> | undefined
let seriesBody: Promise<typeof import('./spend-series.js')> | undefined
const loadReport = () => (reportBody ??= import('./report.js'))
const loadSeries = () => (seriesBody ??= import('./spend-series.js'))

export function sqliteBudgetStorage(core: BudgetCore, now: () => number): BudgetStorage {
  return {
    kind: 'sqlite',
    budgets: core.budgets,
    record: async (rec) => core.record(rec),
    reserve: async (input) => core.reserve(input),
    check: async (input) => core.check(input),
    peek: async (input) => core.peek(input),
    settle: async (id, rec, keep) => core.settle(id, rec, keep),
    release: async (id) => core.release(id),
    enforce: async () => core.enforce(),
    paused: async (scope) => core.paused(scope),
    reset: async (name, audit) => core.reset(name, audit),
    status: async () => (await loadReport()).budgetStatus(core, now()),
    report: async (opts) => (await loadReport()).budgetReport(core, opts),
    spendSeries: async (opts) => (await loadSeries()).readSpendSeries(core.store, core.budgets, opts),
    importHermes: (stateDb) => core.importHermes(stateDb),
  }
}
