/** `timmy budget status|report|reset` on the booted host (plugins/budget/command.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { budgetCommandSpec } from '../command-spec.js'

export default hostCommand('budget', {
  ...budgetCommandSpec,
  async run(ctx) {
    const { budgetCommand } = await import('../command.js')
    return budgetCommand().run(ctx)
  },
})
