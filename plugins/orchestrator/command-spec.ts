/** The static parts of `timmy orchestrate` and `timmy dispatch` (help, options): the CLI reads them without importing the commands' bodies. */
import type { PluginCommand } from '../../core/plugin.js'

export const orchestrateCommandSpec: Omit<PluginCommand, 'run'> = {
  description: 'Run the singleton coordinator loop (one per store, held by a lease); dry unless --confirm',
  usage: 'timmy orchestrate [--once] [--standby] [--confirm] [--json]',
  options: {
    once: { type: 'boolean', description: 'run one tick, print its report and exit' },
    standby: {
      type: 'boolean',
      description: 'when another process holds the lease, wait and take over when it lapses',
    },
    confirm: {
      type: 'boolean',
      description: 'act on the plan (default: plan only, unless pluginOptions.orchestrator.confirm)',
    },
  },
}

export const dispatchCommandSpec: Omit<PluginCommand, 'run'> = {
  description: 'Dispatch one issue to an agent by hand (plans only, unless --apply)',
  usage: 'timmy dispatch <owner/repo> <issue> [--lane NAME] [--prompt TEXT] [--apply] [--json]',
  args: '<owner/repo> <issue>',
  options: {
    lane: {
      type: 'string',
      value: 'name',
      description: "the lane (lanes.yaml) whose agent and model run (default: Hermes' default profile)",
    },
    prompt: {
      type: 'string',
      value: 'text',
      description: "the agent's prompt (default: the issue's title and body)",
    },
    apply: { type: 'boolean', description: 'run the agent (default: print the plan only)' },
  },
}
