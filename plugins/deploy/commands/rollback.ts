import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'Switch $HERMES_HOME back to an earlier generation',
  description:
    'With no argument, goes back to the newest good generation before the live one (never one that\n' +
    'was rolled back from). The switch is one rename; cron jobs follow the generation.\n' +
    'Exit: 0 rolled back, 1 nothing to roll back to, 2 no such generation.',
  args: '[generation]',
  async run(ctx) {
    const { E } = await import('../errors.js')
    const arg = ctx.positionals[0]
    if (ctx.positionals.length > 1 || (arg !== undefined && !/^\d+$/.test(arg)))
      throw E.CLI_BAD_ARGS({
        command: 'rollback',
        reason: `"${ctx.positionals.join(' ')}" is not a generation: give a generation number, e.g. timmy rollback 3 ("timmy generations" lists them), or none for the last good one`,
      })
    const { deployServiceOf } = await import('../host-context.js')
    const host = await ctx.host({ logLevel: 'warn' })
    const report = await deployServiceOf(host).rollback(arg === undefined ? undefined : Number(arg))
    if (ctx.json) ctx.printJson({ ok: true, from: report.from, to: report.to })
    else ctx.print(`rolled back: generation ${report.to} is live (was ${report.from ?? 'none'})`)
    return 0
  },
})
