/** `timmy dispatch` on the booted host (plugins/orchestrator/commands.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { dispatchCommandSpec } from '../command-spec.js'

export default hostCommand('orchestrator', {
  ...dispatchCommandSpec,
  async run(ctx) {
    const { dispatchCommand } = await import('../commands.js')
    return dispatchCommand().run(ctx)
  },
})
