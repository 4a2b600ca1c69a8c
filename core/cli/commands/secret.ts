/** `timmy secret rotate|path`: the per-install secret that authenticates POSTs to `timmy serve`. */
import { E } from '../../errors.js'
import { rotateSecret, secretPath } from '../../server/secret.js'
import { defineCommand } from '../command.js'

export default defineCommand({
  summary: 'The per-install bridge secret: rotate it, or print where it lives',
  description:
    '$TIMMY_HOME/secret (mode 0600, made at the first "timmy serve") authenticates every POST to\n' +
    'timmy serve but the signed Gitea webhook ("Authorization: Bearer <secret>"). "rotate" writes a new\n' +
    'one; a running timmy serve uses it from the next request on, and timmy hook and the timmy-bridge\n' +
    'plugin read it per connection. The secret is never printed.',
  subcommands: {
    rotate: { summary: 'write a new secret (a running timmy serve uses it from the next request)' },
    path: { summary: 'print where the secret lives (never the secret)' },
  },
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals
    if ((sub !== 'rotate' && sub !== 'path') || rest.length)
      throw E.CLI_BAD_ARGS({ command: 'secret', reason: 'give "rotate" or "path"' })
    const { paths } = await ctx.config()
    const file = secretPath(paths.home)
    if (sub === 'rotate') rotateSecret(paths.home)
    if (ctx.json) ctx.printJson({ file, rotated: sub === 'rotate' })
    else ctx.print(sub === 'rotate' ? `rotated ${file}` : file)
    return 0
  },
})
