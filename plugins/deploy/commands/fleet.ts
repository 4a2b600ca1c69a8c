/** `timmy fleet status | deploy <commit>`: fleet rollouts (plugins/deploy/fleet/). */
import { hostCommand } from '../../../core/cli/command.js'

export default hostCommand('deploy', {
  description:
    'Fleet rollouts: each host in config/inventory.yaml deploys a commit with its own values, one at a time',
  usage:
    "timmy fleet status [--json]        the newest rollout, each host's step, and drifting hosts\n" +
    'timmy fleet deploy <commit>        pull <commit>, record a rollout, enqueue its first host\n' +
    'Exit code: 1 when the newest rollout failed or a host drifts (status), or the rollout could not start.',
  subcommands: {
    status: { summary: "the newest rollout, each host's step, drifting hosts" },
    deploy: { summary: 'start a rollout of a commit (sha or branch) of the config repo', args: '<commit>' },
  },
  async run(c) {
    const { runFleetCommand } = await import('../fleet/run-fleet-command.js')
    return runFleetCommand(c)
  },
})
