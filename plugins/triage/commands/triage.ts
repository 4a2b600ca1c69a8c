/** `timmy triage sweep|rules` on the booted host (plugins/triage/triage-command.ts, imported when it runs). */
import { hostCommand } from '../../../core/cli/command.js'
import { triageCommandSpec } from '../command-spec.js'

export default hostCommand('triage', {
  ...triageCommandSpec,
  async run(ctx) {
    const { triageCommand } = await import('../triage-command.js')
    return triageCommand().run(ctx)
  },
})
