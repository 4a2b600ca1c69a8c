/** The static part of `timmy status` (help, subcommands, options): the CLI reads it without importing the command's body. */
import type { PluginCommand } from '../../core/plugin.js'

const USAGE = 'timmy status [--json] [--watch [--interval SECONDS]] [--no-gitea]'

// The first line is the summary; then one line per paragraph (the help wraps it to the terminal).
const DESCRIPTION = [
  'One screen of the fleet: queue, budgets, deadman, hosts, fleet rollouts, deploy, bridge, Gitea',
  'Queue depth per task, running, failed in 24 h, next scheduled runs; budgets (spent / cap, %, a ' +
    "7-day sparkline); deadman (each wizard's state, last beat, restarts); hosts (every host sharing " +
    'the store: live, silent or stopped, version, generation, beat age); fleet rollouts (the newest ' +
    "rollout with each host's step, hosts drifting from the last successful one); deploy (live " +
    'generation, drift, last deploy); bridge (events per minute, vetoes); Gitea (open issues by lane, ' +
    'open PRs with their gate); the last daily_reset. --json prints the snapshot as JSON (what the ' +
    "status page at / shows). Lines fit the terminal's width ($COLUMNS, default 80).",
].join('\n')

export const statusCommandSpec: Omit<PluginCommand, 'run'> = {
  description: DESCRIPTION,
  usage: USAGE,
  options: {
    watch: {
      type: 'boolean',
      description:
        'redraw in place every --interval seconds until Ctrl-C (into a pipe: one snapshot ' +
        'per interval, separated by a blank line)',
    },
    interval: { type: 'string', value: 'seconds', description: 'seconds between redraws (default 2)' },
    'no-gitea': { type: 'boolean', description: 'skip the Gitea section (it asks the Gitea server)' },
  },
}
