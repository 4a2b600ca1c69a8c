/** `timmy skin list | validate [names or files…] | preview <name>` */
import { resolve } from 'node:path'
import { TimmyError } from '../../core/errors.js'
import type { CommandContext, PluginCommand } from '../../core/plugin.js'
import { skinCommandSpec } from './command-spec.js'
import { E } from './errors.js'
import { renderPreview } from './render-preview.js'

/** The command; its `run` takes the skin service from the booted host. */
export function skinCommand(): PluginCommand {
  return {
    ...skinCommandSpec,
    async run(ctx: CommandContext) {
      const service = ctx.host.service('skin')
      if (!service) throw E.SERVICE_MISSING({ plugin: 'skin', service: 'skin' })
      const [sub, ...names] = ctx.positionals
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
          const skin = await service.load(names[0]!)
          const color =
            !process.env.NO_COLOR &&
            (Boolean(process.env.FORCE_COLOR) || Boolean((ctx.stdout as NodeJS.WriteStream).isTTY))
          const width = ctx.values.width
            ? Number(ctx.values.width)
            : (ctx.stdout as NodeJS.WriteStream).columns
          out(renderPreview(skin, { color, width }))
          return 0
        }
        default: // the parser lets only the declared subcommands through
          throw E.CLI_BAD_ARGS({ command: 'skin', reason: `unknown subcommand "${sub}"` })
      }
    },
  }
}
