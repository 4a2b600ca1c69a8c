/** `timmy triage sweep [--confirm] [--ceiling N] [--repo owner/repo …] [--only rules|stale|orphans]` and `timmy triage rules`. */

import type { PluginCommand } from '../../core/plugin.js'
import { triageCommandSpec } from './command-spec.js'
import { E } from './errors.js'
import { formatPlan } from './run-sweep.js'

/** The command; its `run` takes the triage service from the booted host. */
export function triageCommand(): PluginCommand {
  return {
    ...triageCommandSpec,
    async run(ctx) {
      const service = ctx.host.service('triage')
      if (!service) throw E.SERVICE_MISSING({ plugin: 'triage', service: 'triage' })
      const v = ctx.values
      const out = (text: string) => ctx.stdout.write(`${text}\n`)
      switch (ctx.positionals[0]) {
        case 'sweep': {
          const ceiling = v.ceiling === undefined ? undefined : Number(v.ceiling)
          if (ceiling !== undefined && (!Number.isInteger(ceiling) || ceiling < 1))
            throw E.CLI_BAD_ARGS({
              command: 'triage',
              reason: `--ceiling must be a whole number ≥ 1, got "${v.ceiling}"`,
            })
          const repos = v.repo as string[] | undefined
          for (const r of repos ?? []) if (!/^[^/\s]+\/[^/\s]+$/.test(r)) throw E.TRIAGE_BAD_REPO({ repo: r })
          const result = await service.sweep({
            confirm: Boolean(v.confirm),
            ...(ceiling !== undefined ? { ceiling } : {}),
            ...(repos ? { repos } : {}),
            ...(v.only ? { only: v.only as 'rules' | 'stale' | 'orphans' } : {}),
          })
          out(ctx.json ? JSON.stringify(result, null, 2) : formatPlan(result))
          return 0
        }
        case 'rules': {
          const rules = await service.rules()
          if (ctx.json)
            out(
              JSON.stringify(
                { rules: rules?.rules.map((r) => ({ name: r.name, actions: r.actions })) ?? [] },
                null,
                2,
              ),
            )
          else if (!rules) out('No triage rules configured (pluginOptions.triage.rulesFile or .rules).')
          else for (const r of rules.rules) out(`${r.name.padEnd(24)} ${JSON.stringify(r.actions)}`)
          return 0
        }
        default: // the parser lets only the declared subcommands through
          throw E.CLI_BAD_ARGS({
            command: 'triage',
            reason: `unknown subcommand "${ctx.positionals[0]}"`,
          })
      }
    },
  }
}
