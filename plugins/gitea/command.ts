/** `timmy gitea check|issues`: see the configured server, the token's source and user, list issues. */
import { parseArgs } from 'node:util'
import { E, reasonOf } from '../../core/errors.js'
import type { GiteaService } from '../../core/gitea/service.js'
import type { PluginCommand } from '../../core/plugin.js'

const USAGE =
  'timmy gitea check | timmy gitea issues <owner/repo> [--state open|closed|all] [--label NAME]… [--json]'

export function giteaCommand(service: GiteaService): PluginCommand {
  return {
    usage: USAGE,
    description:
      'Talk to the configured Gitea (gitea.url or GITEA_URL; token from $HERMES_HOME/gitea_token…).\n' +
      '  check                     the server, where the token came from (never the token), and its user\n' +
      '  issues <owner/repo>       list issues (not PRs): --state open|closed|all, --label NAME (repeat = AND)',
    async run(ctx) {
      let parsed: ReturnType<typeof parse>
      try {
        parsed = parse(ctx.argv)
      } catch (err) {
        throw E.CLI_BAD_ARGS({ command: 'gitea', reason: reasonOf(err).replace(/\.$/, '') })
      }
      const [sub, ...rest] = parsed.positionals
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
        const state = parsed.values.state ?? 'open'
        if (!['open', 'closed', 'all'].includes(state))
          throw E.CLI_BAD_ARGS({
            command: 'gitea',
            reason: `--state must be open, closed or all, got "${state}"`,
          })
        const issues = await service.client().listIssues(rest[0]!, {
          all: true,
          state: state as 'open',
          labels: parsed.values.label ?? [],
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

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      state: { type: 'string' },
      label: { type: 'string', multiple: true },
      config: { type: 'string', short: 'c' },
    },
    allowPositionals: true,
    strict: true,
  })
}
