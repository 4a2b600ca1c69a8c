/** Task `budget.enforce` (cron); without a queue, `timmy serve` runs the enforcer on the same schedule itself. */
import type { Static } from '@sinclair/typebox'
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { BudgetOptionsSchema } from './options.js'
import type { BudgetService } from './service.js'

export function registerEnforcer(
  host: PluginHost,
  options: Static<typeof BudgetOptionsSchema>,
  service: BudgetService,
): void {
  host.registerTask({
    name: 'budget.enforce',
    description: "Import Hermes' state.db usage, expire abandoned reservations, pause/resume pipelines.",
    schedule: options.enforceSchedule,
    timezone: 'UTC',
    catchUp: 'latest',
    async handler() {
      const imported = options.importHermes ? await service.importHermes() : undefined
      const events = await service.enforce()
      return { imported, events: events.map((e) => ({ budget: e.budget, state: e.state })) }
    },
  })

  // Without a queue nothing schedules the task: `timmy serve` then runs the enforcer itself.
  host.hooks.serve.tapPromise({ name: 'budget', stage: STAGE.budget }, async () => {
    if (host.maybeUse('queue')) return
    const { Cron } = await import('croner')
    const job = new Cron(
      options.enforceSchedule,
      { name: 'budget.enforce', timezone: 'UTC', protect: true },
      async () => {
        try {
          if (options.importHermes) await service.importHermes()
          await service.enforce()
        } catch (err) {
          host.log.error({ err: String(err) }, 'budget enforcer failed')
        }
      },
    )
    host.onClose(() => job.stop())
  })
}
