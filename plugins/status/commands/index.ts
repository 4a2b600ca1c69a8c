/** The `status` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  status: {
    summary: 'One screen of the fleet: queue, budgets, deadman, deploy, bridge, Gitea',
    load: () => import('./status.js'),
  },
}
