/** `timmy deadman status|beat|pause|resume|reset` on the booted host (plugins/deadman/command.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { deadmanCommand } from '../command.js'

export default hostCommand('deadman', deadmanCommand())
