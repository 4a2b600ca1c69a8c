/**
 * The budget engine, opened on first use: on the fleet's PostgreSQL when the `postgres` service names a
 * server (`store.url`), else over the host's SQLite store. Its events are logged and fired on `budgetState`.
 */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { BudgetStorage } from './budget-storage.js'
import type { CoreOptions } from './core.js'
import type { BudgetEvent } from './enforcer.js'
import type { BudgetOptionsSchema } from './options.js'
import type { parseBudgets } from './parse-budgets.js'

export function lazyBudgetStorage(
  host: PluginHost,
  options: Static<typeof BudgetOptionsSchema>,
  budgets: ReturnType<typeof parseBudgets>,
  now: () => number,
): () => Promise<BudgetStorage> {
  const emit = (e: BudgetEvent) => {
    // Pause (exhausted), resume and reset are state changes: info, like every other one. The soft
    // threshold is a warning before any change.
    const level = e.state === 'soft' ? 'warn' : 'info'
    host.log[level]({ budget: e.budget, state: e.state, targets: e.targets }, e.reason)
    const { windowStart: _, ...change } = e
    host.hooks.budgetState
      .promise({ ...change, at: new Date(now()).toISOString() })
      .catch((err) => host.log.error({ err: String(err) }, 'budgetState hook failed'))
  }
  const engine: Omit<CoreOptions, 'store'> = {
    budgets,
    exempt: options.exempt,
    now,
    reservationTtlMs: options.reservationTtlMinutes * 60_000,
    hermesHome: host.paths.hermesHome,
    tokenUsageFile: options.tokenUsageFile,
    importSkipSources: options.importSkipSources,
    queue: () => host.maybeUse('queue'),
    onEvent: emit,
    onWarn: (message, err) => host.log.warn({ err: String(err) }, message),
  }
  let opened: Promise<BudgetStorage> | undefined
  return () => (opened ??= openStorage(host, engine))
}

async function openStorage(host: PluginHost, engine: Omit<CoreOptions, 'store'>): Promise<BudgetStorage> {
  const pg = host.maybeUse('postgres')
  if (pg?.url) {
    const { openPgBudgetStorage } = await import('./pg-budget-storage.js')
    return openPgBudgetStorage(pg, engine)
  }
  const [store, { createBudgetCore }, { sqliteBudgetStorage }] = await Promise.all([
    host.store(),
    import('./core.js'),
    import('./sqlite-budget-storage.js'),
  ])
  return sqliteBudgetStorage(createBudgetCore({ store, ...engine }), engine.now ?? Date.now)
}
