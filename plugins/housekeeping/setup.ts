/** The housekeeping plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import { createHousekeepingService } from './housekeeping-service.js'
import type { HousekeepingOptionsSchema } from './options.js'

export function setupHousekeeping(host: PluginHost, options: Static<typeof HousekeepingOptionsSchema>): void {
  const service = createHousekeepingService(host, options)
  host.provide('housekeeping', service)
  host.registerTask({
    name: 'daily_reset',
    description: 'Rotate and compress logs, prune old results and runs, checkpoint and vacuum the store.',
    schedule: options.schedule,
    timezone: options.timezone,
    catchUp: 'latest',
    timeoutMs: 600_000,
    handler: async () => {
      const r = await service.dailyReset()
      return {
        rotated: r.rotated.length,
        prunedJobs: r.prunedJobs,
        prunedRuns: r.prunedRuns,
        vacuumed: r.vacuumed,
        errors: r.errors,
      }
    },
  })
}
