/** The budget engine, opened on first use over the host's store; its events are logged and fired on `budgetState`. */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { BudgetCore } from './core.js'
import type { BudgetEvent } from './enforcer.js'
import type { BudgetOptionsSchema } from './options.js'
import type { parseBudgets } from './parse-budgets.js'

export function lazyBudgetCore(
  host: PluginHost,
  options: Static<typeof BudgetOptionsSchema>,
  budgets: ReturnType<typeof parseBudgets>,
  now: () => number,
): () => Promise<BudgetCore> {
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
  let corePromise: Promise<BudgetCore> | undefined
  return () =>
    (corePromise ??= Promise.all([host.store(), import('./core.js')]).then(([store, { createBudgetCore }]) =>
      createBudgetCore({
        store,
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
      }),
    ))
}
