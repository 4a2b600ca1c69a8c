import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'Validate the Hermes overlay and switch $HERMES_HOME to it as a new generation',
  description:
    'Reads config/ (config.yaml, SOUL.md, channel_aliases.json, cron.yaml, policy.yaml, memories/) and ' +
    'skins/*.yaml from the project folder, validates everything (schemas, policy), then stages ' +
    '$TIMMY_HOME/generations/<n>/ and switches every managed path in $HERMES_HOME to it with one rename. ' +
    "cron.yaml jobs are merged into Hermes' cron/jobs.json. An interrupted deploy is finished first. " +
    'When Hermes edited a managed file since the live generation (drift), deploy stops and names it.\n\n' +
    'Exit: 0 deployed (or nothing to do), 1 failed, 2 invalid overlay or policy violation.',
  options: {
    'dry-run': { type: 'boolean', description: 'print the plan and write nothing' },
    diff: { type: 'boolean', description: 'add a unified diff per file (implies --dry-run)' },
    source: {
      type: 'string',
      value: 'dir',
      description: 'the project folder (default: pluginOptions.deploy.source, else here)',
    },
    adopt: { type: 'boolean', description: "keep Hermes' edits of managed files as a new generation" },
    restore: { type: 'boolean', description: 'deploy the overlay over the edits Hermes made' },
  },
  async run(ctx) {
    const { resolve } = await import('node:path')
    const { settingsOf, deployServiceOf } = await import('../host-context.js')
    const { E } = await import('../errors.js')
    const { unifiedDiff } = await import('../unified-diff.js')
    const { paintDiff } = await import('../paint-diff.js')
    const host = await ctx.host({ logLevel: 'warn' })
    const source = resolve(
      (ctx.values.source as string | undefined) ?? settingsOf(host).source ?? process.cwd(),
    )
    const dryRun = !!ctx.values['dry-run'] || !!ctx.values.diff
    if (ctx.values.adopt) {
      if (dryRun || ctx.values.restore)
        throw E.CLI_BAD_ARGS({
          command: 'deploy',
          reason: '--adopt goes alone (not with --dry-run, --diff or --restore)',
        })
      const a = await deployServiceOf(host).adopt()
      if (ctx.json)
        ctx.printJson({ ok: true, outcome: 'adopted', generation: a.generation, adopted: a.adopted })
      else ctx.print(`adopted ${a.adopted.join(', ')}: generation ${a.generation} is live (was ${a.from})`)
      return 0
    }
    const report = await deployServiceOf(host).deploy({ source, dryRun, restore: !!ctx.values.restore })
    const files = report.plan.files.map(({ path, action, kind, from }) => ({ path, action, kind, from }))
    if (ctx.json) {
      ctx.printJson({
        ok: true,
        outcome: report.outcome,
        generation: report.generation,
        live: report.plan.live,
        files,
        jobs: report.plan.jobs ?? null,
        warnings: report.warnings,
        ...(ctx.values.diff
          ? {
              diffs: report.plan.files.map((f) => ({
                path: f.path,
                diff: unifiedDiff(f.path, f.current, f.action === 'remove' ? undefined : f.content),
              })),
            }
          : {}),
      })
      return 0
    }
    for (const w of report.warnings) ctx.stderr.write(`warn  ${w}\n`)
    for (const f of report.plan.files)
      ctx.print(`${f.action.padEnd(13)} ${f.path}${f.from ? `  ← ${f.from}` : ''}`)
    if (report.plan.jobs) {
      const j = report.plan.jobs
      ctx.print(
        `cron jobs     +${j.added.length} ~${j.updated.length} -${j.removed.length} (cron/jobs.json, merged)`,
      )
    }
    if (ctx.values.diff)
      for (const f of report.plan.files) {
        const d = unifiedDiff(f.path, f.current, f.action === 'remove' ? undefined : f.content)
        if (d) ctx.print(paintDiff(d))
      }
    if (report.outcome === 'planned')
      ctx.print(`dry run: nothing written (would be generation ${report.plan.generation})`)
    else if (report.outcome === 'unchanged')
      ctx.print(`nothing changed: generation ${report.generation ?? 'none'} stays live`)
    else ctx.print(`deployed generation ${report.generation}`)
    return 0
  },
})
