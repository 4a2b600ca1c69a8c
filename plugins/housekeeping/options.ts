/** The housekeeping plugin's options (`pluginOptions.housekeeping`). */
import { Type as T } from '@sinclair/typebox'

export const HousekeepingOptionsSchema = T.Object({
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
