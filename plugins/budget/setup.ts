/** The budget plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import { lazyBudgetStorage } from './lazy-storage.js'
import type { BudgetOptionsSchema } from './options.js'
import { parseBudgets } from './parse-budgets.js'
import { registerEnforcer } from './register-enforcer.js'
import { createBudgetService } from './service.js'
import { tapConfigLoaded } from './tap-config-loaded.js'
import { tapReservations } from './tap-reservations.js'

type Options = Static<typeof BudgetOptionsSchema>

export function setupBudget(host: PluginHost, options: Options): void {
  const budgets = parseBudgets(options.budgets, options)
  // Lane shares become lane budgets before anything reads `budgets` (the storage opens on first use).
  tapConfigLoaded(host, budgets)
  const now = () => Date.now()
  const storage = lazyBudgetStorage(host, options, budgets, now)
  const sessionModel = tapSessionModels(host)
  const service = createBudgetService(budgets, storage, {
    now,
    timezone: options.timezone,
    sessionModel,
    hermes: () => host.maybeUse('hermes'),
  })
  host.provide('budget', service)
  tapReservations(host, service, storage, now)
  registerEnforcer(host, options, service)
}

/** The model of each recent Hermes session (a `pre_tool_call` does not name it), so exempt models are never vetoed. */
function tapSessionModels(host: PluginHost): (id: string) => string | undefined {
  const sessionModels = new Map<string, string>()
  host.hooks.hermesEvent.tap({ name: 'budget', stage: STAGE.budget }, (event) => {
    const model = event.payload.response_model ?? event.payload.model
    if (!event.sessionId || typeof model !== 'string' || !model) return
    sessionModels.delete(event.sessionId)
    sessionModels.set(event.sessionId, model)
    if (sessionModels.size > 10_000) sessionModels.delete(sessionModels.keys().next().value!)
  })
  return (id) => sessionModels.get(id)
}
