/** The `triage` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  triage: {
    summary:
      'Triage Gitea issues: plan a sweep (dry by default), apply it with --confirm, or check the rules',
    load: () => import('./triage.js'),
  },
}
