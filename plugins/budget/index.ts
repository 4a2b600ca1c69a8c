/**
 * The budget plugin: a token ledger and budgets that stop spend before it happens.
 * - `beforeStep` (stage budget): reserve a step's declared estimate (or a run's, at `budget/reserve`)
 *   atomically against every applicable budget; veto with the budget, spent, reserved and cap.
 * - `afterStep`: settle the reservation to the step's actual usage (ledger row + running totals).
 * - `afterRun`: release what is left of the run's reservation.
 * - `usage`: usage reported by other sources (dispatch, OpenAI responses, the Hermes bridge).
 * - task `budget.enforce` (cron, every 15 min): import Hermes' state.db, expire reservations, mark
 *   exhausted budgets paused and clear them when the window rolls over. Runs of a held pipeline/lane
 *   wait in the queue (the playbooks tasks ask `paused` and defer); a budget that resumes wakes them.
 * - `timmy budget status|report|reset`. Service `budget` (service.ts).
 * - lane shares: once every plugin is set up (`configLoaded`), each lane's `budgetShare` of lanes.yaml
 *   (the playbooks service's first folder that has one) becomes a lane budget per global budget.
 */

import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { BudgetOptionsSchema } from './options.js'

export default definePlugin({
  name: 'budget',
  version: '0.1.0',
  provides: ['budget'],
  description: 'Token ledger, budgets with calendar windows, reservations that never overshoot, enforcer.',
  optionalDependencies: ['queue', 'postgres'],
  optionalNeeds: ['hermes', 'postgres'],
  options: BudgetOptionsSchema,
  steps: new URL('./steps.js', import.meta.url),
  commands,
  async setup(host, options) {
    const { setupBudget } = await import('./setup.js')
    return setupBudget(host, options)
  },
})
