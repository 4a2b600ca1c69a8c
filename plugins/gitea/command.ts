/** `timmy gitea check|issues`: see the configured server, the token's source and user, list issues. */

import type { PluginCommand } from '../../core/plugin.js'
import { giteaCommandSpec, USAGE } from './command-spec.js'
import { E } from './errors.js'

/** The command; its `run` takes the gitea service from the booted host. */
export function giteaCommand(): PluginCommand {
  return {
    ...giteaCommandSpec,
    async run(ctx) {
      const service = ctx.host.service('gitea')
      if (!service) throw E.SERVICE_MISSING({ plugin: 'gitea', service: 'gitea' })
      const [sub, ...rest] = ctx.positionals
      const out = (value: unknown, text: string) =>
        ctx.stdout.write(ctx.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`)
      if (sub === 'check') {
        const client = service.client()
        const user = await client.whoami()
        out(
          { ok: true, url: service.url(), tokenSource: service.tokenSource(), user: user.login },
          `Gitea ${service.url()} answers; token from ${service.tokenSource()}; user ${user.login}`,
        )
        return 0
      }
      if (sub === 'issues' && rest.length === 1) {
        const issues = await service.client().listIssues(rest[0]!, {
          all: true,
          state: (ctx.values.state ?? 'open') as 'open' | 'closed' | 'all',
          labels: (ctx.values.label ?? []) as string[],
        })
        const rows = issues.map((i) => ({
          number: i.number,
          state: i.state,
          title: i.title,
          labels: i.labels.map((l) => l.name),
        }))
        out(
          { ok: true, issues: rows },
          rows
            .map(
              (r) =>
                `#${r.number}\t${r.state}\t${r.title}${r.labels.length ? `\t[${r.labels.join(', ')}]` : ''}`,
            )
            .join('\n') || '(no issues)',
        )
        return 0
      }
      throw E.CLI_BAD_ARGS({
        command: 'gitea',
        reason: `expected "check" or "issues <owner/repo>"; usage: ${USAGE}`,
      })
    },
  }
}
