/**
 * housekeeping: the `daily_reset` task (cron `schedule`, default midnight in `timezone`) and the
 * `housekeeping` service (HousekeepingService: dailyReset(now?), history()). Results are stored in
 * `housekeeping_runs` and shown by `timmy status`. `timmy housekeeping run|history` runs it by hand.
 */

import { join } from 'node:path'
import { Type as T } from '@sinclair/typebox'
import { definePlugin } from '../../core/plugin.js'
import type { Store } from '../../core/store/store.js'
import { commands } from './commands/index.js'
import { dailyReset } from './daily-reset.js'
import type { HousekeepingResult, HousekeepingService } from './types.js'

export type * from './types.js'

const Options = T.Object({
  schedule: T.String({ default: '0 0 * * *', description: 'When daily_reset runs (cron).' }),
  timezone: T.String({ default: 'UTC', description: 'Time zone of the schedule and of the archive dates.' }),
  keepDays: T.Integer({
    minimum: 1,
    default: 14,
    description: 'Compressed log archives kept this many days.',
  }),
  runRetentionDays: T.Integer({
    minimum: 1,
    default: 30,
    description: 'Playbook run records kept this many days.',
  }),
  vacuumMinFreePercent: T.Number({
    minimum: 0,
    maximum: 100,
    default: 20,
    description: 'VACUUM when free pages pass this share of the file.',
  }),
})

const MIGRATIONS = [
  'CREATE TABLE housekeeping_runs (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, result TEXT NOT NULL)',
]

export default definePlugin({
  name: 'housekeeping',
  version: '0.1.0',
  provides: ['housekeeping'],
  description:
    'daily_reset: rotate and compress logs, prune old results and runs, checkpoint and vacuum the store.',
  optionalDependencies: ['queue'],
  options: Options,
  commands,
  setup(host, options) {
    const store = async (): Promise<Store> => {
      const s = await host.store()
      s.migrate('housekeeping', MIGRATIONS)
      return s
    }
    const service: HousekeepingService = {
      async dailyReset(now = Date.now()) {
        const s = await store()
        const result = await dailyReset(
          {
            store: s,
            queue: host.maybeUse('queue'),
            hermesHome: host.paths.hermesHome,
            logDir: join(host.paths.home, 'logs'),
            options,
          },
          now,
        )
        s.db
          .prepare('INSERT INTO housekeeping_runs (at, result) VALUES (?, ?)')
          .run(now, JSON.stringify(result))
        s.db
          .prepare('DELETE FROM housekeeping_runs WHERE id <= (SELECT max(id) - 100 FROM housekeeping_runs)')
          .run()
        const lines = result.rotated.reduce((n, r) => n + r.lines, 0)
        host.log.info(
          {
            rotated: result.rotated.length,
            lines,
            prunedJobs: result.prunedJobs,
            prunedRuns: result.prunedRuns,
            vacuumed: result.vacuumed,
            errors: result.errors,
          },
          `daily_reset: rotated ${result.rotated.length} file(s) (${lines} lines), pruned ${result.prunedJobs} jobs and ${result.prunedRuns} runs${result.vacuumed ? ', vacuumed' : ''}`,
        )
        return result
      },
      async history(limit = 10) {
        const s = await store()
        return (
          s.db
            .prepare('SELECT result FROM housekeeping_runs ORDER BY id DESC LIMIT ?')
            .pluck()
            .all(limit) as string[]
        ).map((r) => JSON.parse(r) as HousekeepingResult)
      },
    }
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
  },
})
