/** The `budget` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  budget: {
    summary:
      'Budgets: status (spent/reserved/cap per window), report (ledger by day|pipeline|lane|model), reset',
    load: () => import('./budget.js'),
  },
}
