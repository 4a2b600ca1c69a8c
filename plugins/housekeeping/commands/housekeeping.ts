/** `timmy housekeeping run|history`: daily_reset by hand, or its last results, through the housekeeping service. */
import { hostCommand } from '../../../core/cli/command.js'
import type { HousekeepingResult } from '../types.js'

export default hostCommand('housekeeping', {
  description: 'Run daily_reset now (`run`) or show its last results (`history`).',
  usage: 'timmy housekeeping run|history [--json]',
  subcommands: {
    run: { summary: 'run daily_reset now: rotate logs, prune, checkpoint and vacuum the store' },
    history: { summary: 'the last results of daily_reset, newest first' },
  },
  async run(ctx) {
    const { E } = await import('../../../core/errors.js')
    const service = ctx.host.service('housekeeping')
    if (!service) throw E.SERVICE_MISSING({ plugin: 'housekeeping', service: 'housekeeping' })
    const [sub] = ctx.positionals
    const value = sub === 'run' ? await service.dailyReset() : await service.history()
    if (ctx.json) ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
    else if (Array.isArray(value))
      ctx.stdout.write(
        value.length ? `${value.map(describeReset).join('\n')}\n` : 'no daily_reset has run yet\n',
      )
    else ctx.stdout.write(`${describeReset(value)}\n`)
    return 0
  },
})

/** One line a reset: when, what it rotated and pruned, whether it vacuumed, and its errors. */
function describeReset(r: HousekeepingResult): string {
  const errors = r.errors.length ? `; ${r.errors.length} errors: ${r.errors.join('; ')}` : ''
  return (
    `${r.at}  day ${r.day}: rotated ${r.rotated.length} files, deleted ${r.deletedArchives.length} archives, ` +
    `pruned ${r.prunedJobs} jobs and ${r.prunedRuns} runs${r.vacuumed ? ', vacuumed' : ''}${errors}`
  )
}
