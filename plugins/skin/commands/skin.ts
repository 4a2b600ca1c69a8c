/** `timmy skin list|validate|preview` on the booted host (plugins/skin/skin-command.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { skinCommandSpec } from '../command-spec.js'

export default hostCommand('skin', {
  ...skinCommandSpec,
  async run(ctx) {
    const { skinCommand } = await import('../skin-command.js')
    return skinCommand().run(ctx)
  },
})
