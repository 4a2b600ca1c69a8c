/** `timmy budget status|report|reset` on the booted host (plugins/budget/command.ts). */
import { hostCommand } from '../../../core/cli/command.js'
import { budgetCommand } from '../command.js'

export default hostCommand('budget', budgetCommand())
