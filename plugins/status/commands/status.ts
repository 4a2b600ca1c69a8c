/** `timmy status` on the booted host (plugins/status/command.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { statusCommand } from '../command.js'

export default hostCommand('status', statusCommand())
