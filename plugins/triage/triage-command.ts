/** `timmy triage sweep [--confirm] [--ceiling N] [--repo owner/repo …] [--only rules|stale|orphans]` and `timmy triage rules`. */

import type { PluginCommand } from '../../core/plugin.js'
import { E } from './errors.js'
import { formatPlan } from './run-sweep.js'

const ONLY = ['rules', 'stale', 'orphans'] as const

/** The command; its `run` takes the triage service from the booted host. */
export function triageCommand(): PluginCommand {
  return {
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
          const rules = service.rules()
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
