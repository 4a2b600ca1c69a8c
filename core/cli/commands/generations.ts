import { listGenerationInfo } from '../../deploy/service.js'
import { defineCommand } from '../command.js'

export default defineCommand({
  summary: 'List deploy generations: which is live, which was last known-good',
  description:
    'One line per generation under $TIMMY_HOME/generations: number, time, files, commit, and marks:\n' +
    'live, good (last known-good), rolled-back-from, snapshot (generation 0: files before the first deploy).',
  async run(ctx) {
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
    if (!list.length) ctx.print('no generations yet: run timmy deploy')
    for (const g of list) {
      const marks = [
        g.live && 'live',
        g.lastKnownGood && 'good',
        g.bad && 'rolled-back-from',
        g.snapshot && 'snapshot',
      ].filter(Boolean)
      ctx.print(
        `${String(g.generation).padStart(4)}  ${g.createdAt}  ${String(g.files).padStart(3)} files  ${g.commit?.slice(0, 12) ?? '-'.padEnd(12)}  ${marks.join(' ')}`,
      )
    }
    return 0
  },
})
