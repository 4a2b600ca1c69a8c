/** The `housekeeping` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  housekeeping: {
    summary: 'Run daily_reset now (`run`) or show its last results (`history`).',
    load: () => import('./housekeeping.js'),
  },
}
