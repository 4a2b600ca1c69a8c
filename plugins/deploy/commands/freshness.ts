import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'Drift between declared schedules (cron.yaml, playbooks) and what Hermes and the queue hold',
  description:
    'Compares config/cron.yaml with $HERMES_HOME/cron/jobs.json (missing, extra, changed schedule,\n' +
    'enabled flag, overdue runs) and playbook schedules (playbooks/*.yaml on.schedule) with the periodic\n' +
    'tasks playbooks.run.<name> of the queue service. Here that is the queue this command boots; the\n' +
    "running `timmy serve`'s own queue is compared by its deploy service (flush_continuity).\n" +
    'Exit: 0 fresh, 1 drift found, 2 invalid cron.yaml.',
  options: {
    source: {
      type: 'string',
      value: 'dir',
      description: 'the project folder (default: pluginOptions.deploy.source, else here)',
    },
  },
  async run(ctx) {
    const { resolve } = await import('node:path')
    const { checkFreshness } = await import('../freshness.js')
    const { settingsOf } = await import('../host-context.js')
    const host = await ctx.host({ logLevel: 'warn' })
    const source = resolve(
      (ctx.values.source as string | undefined) ?? settingsOf(host).source ?? process.cwd(),
    )
    const queue = host.service('queue')
    const hermes = host.service('hermes')
    if (!hermes)
      throw (await import('../errors.js')).E.SERVICE_MISSING({
        plugin: 'timmy deploy freshness',
        service: 'hermes',
      })
    const report = checkFreshness(
      { hermesHome: host.loaded.paths.hermesHome, hermes, ...(queue ? { queue } : {}) },
      source,
    )
    if (ctx.json) ctx.printJson(report)
    else {
      for (const d of report.drift) ctx.print(`drift  ${d.kind.padEnd(10)} ${d.id}: ${d.detail}`)
      for (const n of report.notes) ctx.print(`note   ${n}`)
      ctx.print(
        report.ok ? `fresh: ${report.checked.cronJobs} cron jobs match` : `${report.drift.length} drift(s)`,
      )
    }
    return report.ok ? 0 : 1
  },
})
