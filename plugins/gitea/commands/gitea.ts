/** `timmy gitea check|issues` on the booted host (plugins/gitea/command.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { giteaCommandSpec } from '../command-spec.js'

export default hostCommand('gitea', {
  ...giteaCommandSpec,
  async run(ctx) {
    const { giteaCommand } = await import('../command.js')
    return giteaCommand().run(ctx)
  },
})
