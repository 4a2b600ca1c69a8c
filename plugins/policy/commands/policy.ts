/** `timmy policy scan <paths…>`: the deploy policy (the service's `resolve`) over any files, as a preflight. */
import { hostCommand } from '../../../core/cli/command.js'

export default hostCommand('policy', {
  description: 'Scan files for banned providers and remote base URLs (the deploy policy, as a preflight)',
  usage: 'timmy policy scan <paths…> [--policy config/policy.yaml] [--json]',
  subcommands: {
    scan: {
      summary: 'scan files and folders (.yaml, .yml, .json and text); exit 1 on a violation',
      args: '<paths...>',
      options: {
        policy: {
          type: 'string',
          value: 'file',
          description: 'the overlay policy that narrows the plugin options (default config/policy.yaml)',
        },
      },
    },
  },
  async run(c) {
    const { runPolicyScan } = await import('../run-scan.js')
    return runPolicyScan(c)
  },
})
