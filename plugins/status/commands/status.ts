/** `timmy status` on the booted host (plugins/status/command.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { statusCommandSpec } from '../command-spec.js'

export default hostCommand('status', {
  ...statusCommandSpec,
  async run(ctx) {
    const { statusCommand } = await import('../command.js')
    return statusCommand().run(ctx)
  },
})
