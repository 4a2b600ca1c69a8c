/** `timmy deadman status|beat|pause|resume|reset` on the booted host (plugins/deadman/command.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { deadmanCommandSpec } from '../command-spec.js'

export default hostCommand('deadman', {
  ...deadmanCommandSpec,
  async run(ctx) {
    const { deadmanCommand } = await import('../command.js')
    return deadmanCommand().run(ctx)
  },
})
