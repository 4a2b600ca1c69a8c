/** `timmy dispatch <owner/repo> <issue>` on the booted host (plugins/orchestrator/commands.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { dispatchCommand } from '../commands.js'

export default hostCommand('orchestrator', dispatchCommand())
