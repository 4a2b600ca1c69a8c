/** `timmy triage sweep|rules` on the booted host (plugins/triage/triage-command.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { triageCommand } from '../triage-command.js'

export default hostCommand('triage', triageCommand())
