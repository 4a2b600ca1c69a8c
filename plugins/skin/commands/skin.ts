/** `timmy skin list|validate|preview` on the booted host (plugins/skin/skin-command.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { skinCommand } from '../skin-command.js'

export default hostCommand('skin', skinCommand())
