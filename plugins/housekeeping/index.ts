/**
 * housekeeping: the `daily_reset` task (cron `schedule`, default midnight in `timezone`) and the
 * `housekeeping` service (HousekeepingService: dailyReset(now?), history()). Results are stored in
 * `housekeeping_runs` and shown by `timmy status`. `timmy housekeeping run|history` runs it by hand.
 */

import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { HousekeepingOptionsSchema } from './options.js'

export type * from './types.js'

export default definePlugin({
  name: 'housekeeping',
  version: '0.1.0',
  provides: ['housekeeping'],
  description:
    'daily_reset: rotate and compress logs, prune old results and runs, checkpoint and vacuum the store.',
  optionalDependencies: ['queue'],
  options: HousekeepingOptionsSchema,
  commands,
  async setup(host, options) {
    const { setupHousekeeping } = await import('./setup.js')
    return setupHousekeeping(host, options)
  },
})
