/** The `policy` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  policy: {
    summary: 'Scan files for banned providers and remote base URLs (the deploy policy, as a preflight)',
    load: () => import('./policy.js'),
  },
}
