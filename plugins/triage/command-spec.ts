/** The static part of `timmy triage` (help, subcommands, options): the CLI reads it without importing the command's body. */
import type { PluginCommand } from '../../core/plugin.js'

export const ONLY = ['rules', 'stale', 'orphans'] as const

export const triageCommandSpec: Omit<PluginCommand, 'run'> = {
  description:
    'Triage Gitea issues: plan a sweep (dry by default), apply it with --confirm, or check the rules',
  usage:
    'timmy triage sweep [--confirm] [--ceiling N] [--repo owner/repo …] [--only rules|stale|orphans] [--json]\n' +
    '       timmy triage rules [--json]',
  subcommands: {
    sweep: {
      summary: 'plan a sweep of open issues (rules, stale, orphans); dry unless --confirm',
      options: {
        confirm: { type: 'boolean', description: 'change Gitea as planned (default: only print the plan)' },
        ceiling: {
          type: 'string',
          value: 'n',
          description: 'change at most this many issues (default pluginOptions.triage.ceiling)',
        },
        repo: {
          type: 'string',
          multiple: true,
          value: 'owner/repo',
          description: 'sweep this repository (repeatable; default: the configured ones)',
        },
        only: { type: 'string', choices: ONLY, value: 'part', description: 'only this part of the sweep' },
      },
    },
    rules: { summary: 'list the triage rules in force and their actions' },
  },
}
