/** The static part of `timmy gitea` (help, subcommands, options): the CLI reads it without importing the command's body. */
import type { PluginCommand } from '../../core/plugin.js'

export const USAGE =
  'timmy gitea check | timmy gitea issues <owner/repo> [--state open|closed|all] [--label NAME]… [--json]'

export const giteaCommandSpec: Omit<PluginCommand, 'run'> = {
  usage: USAGE,
  description:
    'Talk to the configured Gitea (pluginOptions.gitea.url or GITEA_URL; token from $HERMES_HOME/gitea_token…)',
  subcommands: {
    check: { summary: 'the server, where the token came from (never the token), and its user' },
    issues: {
      summary: 'list issues (not PRs)',
      args: '<owner/repo>',
      options: {
        state: {
          type: 'string',
          value: 'state',
          choices: ['open', 'closed', 'all'],
          description: 'which issues (default open)',
        },
        label: {
          type: 'string',
          multiple: true,
          value: 'name',
          description: 'only issues with this label (repeat: all of them)',
        },
      },
    },
  },
}
