/** `timmy triage sweep [--confirm] [--ceiling N] [--repo owner/repo …] [--only rules|stale|orphans]` and `timmy triage rules`. */
import { parseArgs } from 'node:util'
import { E, reasonOf } from '../../core/errors.js'
import type { PluginCommand } from '../../core/plugin.js'
import type { TriageService } from './index.js'
import { formatPlan } from './run-sweep.js'

export function triageCommand(service: TriageService): PluginCommand {
  return {
    description:
      'Triage Gitea issues: plan a sweep (dry by default), apply it with --confirm, or check the rules',
    usage:
      'timmy triage sweep [--confirm] [--ceiling N] [--repo owner/repo …] [--only rules|stale|orphans] [--json]\n' +
      '       timmy triage rules [--json]',
    async run(ctx) {
      let parsed: ReturnType<typeof parseArgs>
      try {
        parsed = parseArgs({
          args: ctx.argv.slice(1),
          options: {
            confirm: { type: 'boolean' },
            ceiling: { type: 'string' },
            repo: { type: 'string', multiple: true },
            only: { type: 'string' },
            json: { type: 'boolean' },
            config: { type: 'string', short: 'c' },
          },
        })
      } catch (err) {
        throw E.CLI_BAD_ARGS({ command: 'triage', reason: reasonOf(err).replace(/\.$/, '') })
      }
      const v = parsed.values
      const out = (text: string) => ctx.stdout.write(`${text}\n`)
      switch (ctx.argv[0]) {
        case 'sweep': {
          const ceiling = v.ceiling === undefined ? undefined : Number(v.ceiling)
          if (ceiling !== undefined && (!Number.isInteger(ceiling) || ceiling < 1))
            throw E.CLI_BAD_ARGS({
              command: 'triage',
              reason: `--ceiling must be a whole number ≥ 1, got "${v.ceiling}"`,
            })
          if (v.only !== undefined && !['rules', 'stale', 'orphans'].includes(String(v.only)))
            throw E.CLI_BAD_ARGS({ command: 'triage', reason: '--only takes rules, stale or orphans' })
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
        default:
          throw E.CLI_BAD_ARGS({
            command: 'triage',
            reason: ctx.argv[0]
              ? `unknown sub-command "${ctx.argv[0]}"`
              : 'a sub-command is needed: sweep or rules',
          })
      }
    },
  }
}
