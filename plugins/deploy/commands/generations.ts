import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'List deploy generations: which is live, which was last known-good',
  description:
    'A table, one row per generation under $TIMMY_HOME/generations: number, time, files, commit, marks:\n' +
    'live, good (last known-good), rolled-back-from, snapshot (generation 0: files before the first deploy).',
  async run(ctx) {
    const { formatTable } = await import('../../../core/cli/format-table.js')
    const { listGenerationInfo } = await import('../service.js')
    const { paths } = await ctx.config()
    const list = listGenerationInfo(paths.home)
    if (ctx.json) {
      ctx.printJson({
        generations: list,
        live: list.find((g) => g.live)?.generation ?? null,
        lastKnownGood: list.find((g) => g.lastKnownGood)?.generation ?? null,
      })
      return 0
    }
    if (!list.length) {
      ctx.print('no generations yet: run timmy deploy')
      return 0
    }
    const rows = list.map((g) => [
      String(g.generation),
      g.createdAt,
      String(g.files),
      g.commit?.slice(0, 12) ?? '-',
      [g.live && 'live', g.lastKnownGood && 'good', g.bad && 'rolled-back-from', g.snapshot && 'snapshot']
        .filter(Boolean)
        .join(' '),
    ])
    ctx.print(formatTable(['generation', 'created', 'files', 'commit', 'marks'], rows))
    return 0
  },
})
