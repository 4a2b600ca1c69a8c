/** `timmy gitea check|issues` on the booted host (plugins/gitea/command.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { giteaCommand } from '../command.js'

export default hostCommand('gitea', giteaCommand())
