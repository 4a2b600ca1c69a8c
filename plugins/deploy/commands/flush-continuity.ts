/** `timmy flush-continuity`: the `flush_continuity` task by hand, through the deploy service. */
import { hostCommand } from '../../../core/cli/command.js'

export default hostCommand('deploy', {
  description: "Append the active state (live generation, jobs, freshness) to today's daily note",
  usage: 'timmy flush-continuity',
  options: {},
  async run(c) {
    const { E } = await import('../errors.js')
    const service = c.host.service('deploy')
    if (!service) throw E.SERVICE_MISSING({ plugin: 'deploy', service: 'deploy' })
    const file = await service.flushContinuity()
    c.stdout.write(c.json ? `${JSON.stringify({ file })}\n` : `${file}\n`)
    return 0
  },
})
