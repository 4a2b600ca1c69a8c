/** `timmy worker` — run queue workers only (no scheduler, no HTTP server) until SIGINT/SIGTERM. */

import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'Run queue workers (no scheduler, no HTTP server) until SIGINT or SIGTERM',
  description:
    'Claims jobs from the queue in $TIMMY_HOME/timmy.db and runs their handlers (tasks defined by plugins).\n' +
    'Run as many as you like beside "timmy serve": claims are leased, so a job runs on one worker at a time,\n' +
    'and a worker that dies gives its jobs back when their lease expires. On SIGINT/SIGTERM it stops\n' +
    'claiming, lets running jobs finish for the grace period (pluginOptions.queue.graceMs), then releases the rest.',
  options: {
    concurrency: {
      type: 'string',
      value: 'n',
      description: 'jobs run at once (default: pluginOptions.queue.concurrency)',
    },
    grace: { type: 'string', value: 'ms', description: 'how long running jobs may finish at a stop' },
  },
  async run(ctx) {
    const { E } = await import('../errors.js')
    const num = (flag: string, min: number) => {
      const raw = ctx.values[flag]
      if (raw === undefined) return undefined
      const n = Number(raw)
      if (!Number.isInteger(n) || n < min)
        throw E.CLI_BAD_ARGS({
          command: 'worker',
          reason: `--${flag} must be a whole number ≥ ${min}, got "${raw}"`,
        })
      return n
    }
    const concurrency = num('concurrency', 1)
    const grace = num('grace', 0)
    const host = await ctx.host()
    const queue = host.service('queue')
    if (!queue)
      throw E.CLI_BAD_ARGS({ command: 'worker', reason: 'the queue plugin is disabled (disabledPlugins)' })
    const start: { scheduler: boolean; concurrency?: number } = { scheduler: false }
    if (concurrency !== undefined) start.concurrency = concurrency
    else if (queue.concurrency === 0) start.concurrency = 1
    await queue.start(start)
    const n = start.concurrency ?? queue.concurrency
    if (ctx.json) ctx.printJson({ pid: process.pid, concurrency: n, store: host.loaded.paths.store })
    else ctx.stderr.write(`timmy worker running (concurrency ${n}, store ${host.loaded.paths.store})\n`)
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    host.log.info({ signal }, 'worker shutting down')
    await queue.stop(grace)
    return 0
  },
})
