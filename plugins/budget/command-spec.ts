/** The static part of `timmy budget` (help, subcommands, options): the CLI reads it without importing the command's body. */
import type { PluginCommand } from '../../core/plugin.js'

export const REPORT_GROUPS = ['day', 'pipeline', 'lane', 'model'] as const

const HELP = [
  'Budgets are configured under pluginOptions.budget.budgets (see plugins/budget/README.md). A report ' +
    'groups days in the plugin\'s time zone; "of which est. $" is the part of the cost that is an ' +
    'estimate (the actual cost was unknown).',
  'Exit codes: 0 ok, 1 failure, 2 bad usage (unknown sub-command, flag, group or budget).',
].join('\n') // one line per paragraph: the help wraps it to the terminal

export const budgetCommandSpec: Omit<PluginCommand, 'run'> = {
  description:
    'Budgets: status (spent/reserved/cap per window), report (ledger by day|pipeline|lane|model), reset',
  usage: HELP,
  subcommands: {
    status: { summary: "each budget's current window: spent, reserved, cap, % used, paused or not" },
    report: {
      summary: 'the token ledger grouped by day, pipeline, lane or model',
      options: {
        by: {
          type: 'string',
          value: 'group',
          choices: REPORT_GROUPS,
          description: 'group by (default day)',
        },
        since: { type: 'string', value: 'date|7d|24h', description: 'from this date or this long ago' },
        csv: { type: 'boolean', description: 'CSV instead of a table' },
      },
    },
    reset: {
      summary: "zero the spend of a budget's current window (the ledger is kept; audited)",
      args: '<budget>',
      options: { reason: { type: 'string', value: 'text', description: 'why (kept in the audit)' } },
    },
  },
}
