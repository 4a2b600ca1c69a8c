/** `timmy orchestrate` on the booted host (plugins/orchestrator/commands.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { orchestrateCommand } from '../commands.js'

export default hostCommand('orchestrator', orchestrateCommand())
