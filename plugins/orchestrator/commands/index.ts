/** The `orchestrator` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  orchestrate: {
    summary: 'Run the singleton coordinator loop (one per store, held by a lease); dry unless --confirm',
    load: () => import('./orchestrate.js'),
  },
  dispatch: {
    summary: 'Dispatch one issue to an agent by hand (plans only, unless --apply)',
    load: () => import('./dispatch.js'),
  },
}
