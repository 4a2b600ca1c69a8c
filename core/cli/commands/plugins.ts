import { relative } from 'node:path'
import { listSteps } from '../../import-steps.js'
import { defineCommand } from '../command.js'
import { formatTable } from '../format-table.js'

export default defineCommand({
  summary: 'List loaded plugins: version, source, hooks tapped, steps, tasks',
  description:
    'Boots the host (built-in plugins, drop-ins from $TIMMY_HOME/plugins, modules named in the config)\n' +
    'and prints what each plugin contributes. Drop-ins that were refused (unsafe, symlinked) or that\n' +
    'failed to import are listed last with their coded error; they are not loaded.',
  async run(ctx) {
    const host = await ctx.host({ logLevel: 'warn' })
    const rows = []
    for (const p of host.plugins) {
      rows.push({
        name: p.plugin.name,
        version: p.plugin.version,
        origin: p.origin,
        source: p.source,
        dependencies: [...(p.plugin.dependencies ?? [])],
        hooks: host.tapsOf(p.plugin.name),
        steps: await stepNames(p.plugin.steps),
        tasks: p.tasks.map((t) => (t.schedule ? `${t.name} (${t.schedule})` : t.name)),
        commands: p.commands,
        effects: p.effects,
      })
    }
    const refused = host.refused.map((r) => ({ source: r.source, code: r.error.code, message: r.error.bare }))
    if (ctx.json) {
      ctx.printJson({ plugins: rows, refused })
      return 0
    }
    const cwd = process.cwd()
    ctx.print(
      formatTable(
        ['plugin', 'version', 'origin', 'hooks', 'steps', 'tasks', 'source'],
        rows.map((r) => [
          r.name,
          r.version,
          r.origin,
          r.hooks.join(', ') || '-',
          r.steps.join(', ') || '-',
          r.tasks.join(', ') || '-',
          r.source.startsWith(cwd) ? relative(cwd, r.source) : r.source,
        ]),
      ),
    )
    for (const r of refused) ctx.print(`refused  ${r.source}: ${r.code}: ${r.message}`)
    return 0
  },
})

async function stepNames(steps: URL | string | undefined): Promise<string[]> {
  if (!steps) return []
  // loaded as the playbook runtime loads it (TypeScript steps through tsx), so a working module lists its steps
  const { steps: names, error } = await listSteps(steps)
  return error ? [`(steps module failed to load: ${error})`] : names
}
