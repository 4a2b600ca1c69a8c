/** `timmy orchestrate` on the booted host (plugins/orchestrator/commands.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { orchestrateCommandSpec } from '../command-spec.js'

export default hostCommand('orchestrator', {
  ...orchestrateCommandSpec,
  async run(ctx) {
    const { orchestrateCommand } = await import('../commands.js')
    return orchestrateCommand().run(ctx)
  },
})
