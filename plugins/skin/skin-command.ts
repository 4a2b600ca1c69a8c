/** `timmy skin list | validate [names or files…] | preview <name>` */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { didYouMean } from '../../core/did-you-mean.js'
import { E, reasonOf, TimmyError } from '../../core/errors.js'
import type { CommandContext, PluginCommand } from '../../core/plugin.js'
import type { SkinService } from './index.js'
import { renderPreview } from './render-preview.js'

export function skinCommand(service: SkinService): PluginCommand {
  return {
    description: 'List, validate and preview Hermes skins (skins/*.yaml)',
    usage: 'timmy skin list [--json] | timmy skin validate [name|file…] [--json] | timmy skin preview <name>',
    async run(ctx: CommandContext) {
      let parsed: ReturnType<typeof parseArgs>
      try {
        parsed = parseArgs({
          args: ctx.argv.slice(1),
          options: {
            json: { type: 'boolean' },
            config: { type: 'string', short: 'c' },
            width: { type: 'string' },
          },
          allowPositionals: true,
        })
      } catch (err) {
        throw E.CLI_BAD_ARGS({ command: 'skin', reason: reasonOf(err).replace(/\.$/, '') })
      }
      const sub = ctx.argv[0]
      const names = parsed.positionals
      const out = (text: string) => ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
      switch (sub) {
        case 'list': {
          const skins = service.list()
          if (ctx.json) out(JSON.stringify({ skins }, null, 2))
          else for (const s of skins) out(`${s.name.padEnd(20)} ${s.file}`)
          return 0
        }
        case 'validate': {
          const targets = names.length ? names : service.list().map((s) => s.file)
          const results = []
          for (const target of targets) {
            const file = /[/\\]|\.ya?ml$/.test(target) ? resolve(target) : service.find(target)
            try {
              const { warnings } = await service.check(file)
              results.push({ file, ok: true, warnings })
            } catch (err) {
              if (!(err instanceof TimmyError)) throw err
              results.push({ file, ok: false, warnings: [], error: err.toJSON(), message: err.message })
            }
          }
          const bad = results.filter((r) => !r.ok)
          if (ctx.json)
            out(
              JSON.stringify(
                { ok: bad.length === 0, results: results.map(({ message, ...r }) => r) },
                null,
                2,
              ),
            )
          else {
            for (const r of results) {
              if (r.ok) out(`ok    ${r.file}`)
              for (const w of r.warnings) out(`warn  ${r.file}:${w}`)
              if (!r.ok) ctx.stderr.write(`error ${r.message}\n`)
            }
          }
          return bad.length ? 2 : 0
        }
        case 'preview': {
          const name = names[0]
          if (!name)
            throw E.CLI_BAD_ARGS({
              command: 'skin',
              reason: 'preview needs a skin name, e.g. "timmy skin preview timmy"',
            })
          const skin = await service.load(name)
          const color =
            !process.env.NO_COLOR &&
            (Boolean(process.env.FORCE_COLOR) || Boolean((ctx.stdout as NodeJS.WriteStream).isTTY))
          const width = parsed.values.width
            ? Number(parsed.values.width)
            : (ctx.stdout as NodeJS.WriteStream).columns
          out(renderPreview(skin, { color, width }))
          return 0
        }
        default:
          throw E.CLI_BAD_ARGS({
            command: 'skin',
            reason: sub
              ? `unknown sub-command "${sub}"${didYouMean(sub, ['list', 'validate', 'preview']) ? ` (did you mean "${didYouMean(sub, ['list', 'validate', 'preview'])}"?)` : ''}`
              : 'a sub-command is needed: list, validate or preview',
          })
      }
    },
  }
}
