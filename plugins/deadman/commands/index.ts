/** The `deadman` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  deadman: {
    summary: 'Watch that each Hermes agent ("wizard") is alive and restart it, bounded and backed off.',
    load: () => import('./deadman.js'),
  },
}
