/** The `gitea` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  gitea: {
    summary:
      'Talk to the configured Gitea (pluginOptions.gitea.url or GITEA_URL; token from $HERMES_HOME/gitea_token…)',
    load: () => import('./gitea.js'),
  },
}
